// How a pipeline, a monitor or a connection names a secret of the platform's secret store: `{ secret: NAME }`.
// The value is sealed in the store (`headrace secret set NAME`) and read by the worker when the step needs it,
// so no secret is written in a pipeline file, shown in the editor or kept in git.
import { z } from 'zod';

/** Letters, digits, `_`, `.` and `-`, starting with a letter; at most 100 characters. */
export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
export const SECRET_NAME_RULE = 'a secret name: a letter, then letters, digits, "_", "." or "-" (at most 100)';

export const SecretName = z.string().regex(SECRET_NAME, SECRET_NAME_RULE);

export const SecretRef = z.strictObject({
  secret: SecretName.describe('The name of a secret in the platform\'s secret store (headrace secret set NAME)'),
}).describe('A secret value, read from the platform\'s secret store when the request is made');
export type SecretRef = z.infer<typeof SecretRef>;
