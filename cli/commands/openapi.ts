// `openapi`: the REST API's OpenAPI 3.1 document, offline (the same one GET /api/openapi.json serves), for code
// generators, API gateways and `curl` users (docs/api.md, "REST").
import { openApiDocument } from '../../server/api/rest/openapi';
import { EXIT } from '../exit';

export function openapiCommand(): number {
  process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
  return EXIT.ok;
}
