// Names the platform gives things, checked wherever they are written (pipelines, monitors, the API, the CLI). A
// leaf module: the grammar and the catalog both read it.

/**
 * An endpoint's name is a path segment of the predict URLs (`/v1/endpoints/NAME`, `/v2/models/NAME`) and of the
 * prediction log's folders. `set` is a word of the CLI (`headrace endpoints set NAME`): an endpoint by that name
 * could not be shown there.
 */
export const ENDPOINT_NAME = /^(?!set$)[a-z0-9][a-z0-9._-]{0,62}$/;
export const ENDPOINT_NAME_RULE = 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters, and not "set"';
