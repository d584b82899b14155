// The OpenAPI 3.1 document of the REST API, generated from the tRPC router: every procedure whose meta has an
// `openapi` entry (method, path, tags) is an operation, its parameters and bodies from the procedure's zod input,
// its answer from its zod output. Served at GET /api/openapi.json and printed by `headrace openapi`.
import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from '../root';

/** Where the REST paths live. */
export const REST_BASE = '/api/v1';

/** The one JSON shape of every REST error answer (server/api/rest/handler.ts). */
export const REST_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'httpStatus'],
      properties: {
        code: { type: 'string', description: 'BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE or INTERNAL_SERVER_ERROR' },
        message: { type: 'string', description: 'One sentence saying what is wrong (for an invalid input, naming the field).' },
        httpStatus: { type: 'integer' },
        field: { type: 'string', description: 'The input field an invalid input is about, as a path (params.minAccuracy).' },
        errorId: { type: 'string', description: 'An internal error\'s id; the server\'s log has the detail under it.' },
        retryAfterSeconds: { type: 'integer' },
      },
    },
  },
} as const;

let cached: OpenAPIObject | undefined;

/** The document (built once per process: the router does not change while it runs). */
export function openApiDocument(version = '0.1.0'): OpenAPIObject {
  cached ??= withOurErrors(generateOpenApiDocument(appRouter, {
    title: 'Headrace API',
    description: 'Plain JSON over HTTP: the same procedures, roles and audit as the tRPC API, without its envelope. Dates are ISO 8601 strings. Authenticate with `Authorization: Bearer TOKEN` (headrace tokens create, or headrace login); on the embedded platform in its loopback mode, requests from this machine need none.',
    version,
    baseUrl: REST_BASE,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (hr_…)' } },
  }));
  return cached;
}

/** Every error response of every operation described by REST_ERROR_SCHEMA, the shape the handler answers with. */
function withOurErrors(doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: REST_ERROR_SCHEMA as never } };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item as Record<string, { responses?: Record<string, { description?: string; content?: unknown }> }>)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (status.startsWith('2')) continue;
        response.content = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
      }
    }
  }
  return doc;
}
