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
        issues: {
          type: 'array',
          description: 'Every issue of an invalid input, in order: the field (as a path; empty for the input as a whole) and what is wrong with it.',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
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
  // The generator's own error components (error.BAD_REQUEST…) describe tRPC's shape; no answer uses them here.
  const schemas = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).filter(([name]) => !name.startsWith('error.')));
  doc.components = { ...doc.components, schemas: { ...schemas, Error: REST_ERROR_SCHEMA as never } };
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

const TRPC_ONLY = 'not over REST yet: call it through the tRPC door (/api/trpc) or the CLI';

/**
 * The procedures without a REST operation, each with the reason (test/api/procedures.test.ts fails on a
 * procedure that has neither an `openapi` meta nor an entry here). docs/api.md lists them.
 */
export const NOT_OVER_REST: Record<string, string> = {
  'run.events': 'a stream of events (a tRPC subscription over server-sent events); over REST, poll GET /runs/{id} and GET /runs/{id}/logs',
  'auth.login': 'signs a browser in with a password and sets its session cookie; REST callers send an API token instead',
  'pipeline.triggerEvents': TRPC_ONLY,
  'pipeline.compile': TRPC_ONLY,
  'pipeline.diff': TRPC_ONLY,
  'pipeline.archive': TRPC_ONLY,
  'pipeline.rename': TRPC_ONLY,
  'pipeline.duplicate': TRPC_ONLY,
  'pipeline.schedule.get': TRPC_ONLY,
  'pipeline.schedule.pause': TRPC_ONLY,
  'pipeline.schedule.resume': TRPC_ONLY,
  'run.compare': TRPC_ONLY,
  'model.annotate': TRPC_ONLY,
  'model.compare': TRPC_ONLY,
  'dataset.preview': TRPC_ONLY,
  'dataset.sources': TRPC_ONLY,
  'dataset.versions': TRPC_ONLY,
  'dataset.compare': TRPC_ONLY,
  'dataset.lineage': TRPC_ONLY,
  'endpoint.promote': TRPC_ONLY,
  'endpoint.events': TRPC_ONLY,
  'endpoint.update': TRPC_ONLY,
  'monitor.save': TRPC_ONLY,
  'monitor.windows': TRPC_ONLY,
  'monitor.compute': TRPC_ONLY,
  'monitor.silence': TRPC_ONLY,
  'monitor.silences': TRPC_ONLY,
  'monitor.unsilence': TRPC_ONLY,
  'monitor.deliveries': TRPC_ONLY,
  'data.roots': TRPC_ONLY,
  'data.list': TRPC_ONLY,
  'data.preview': TRPC_ONLY,
  'connection.list': TRPC_ONLY,
  'connection.set': TRPC_ONLY,
  'connection.delete': TRPC_ONLY,
  'secret.list': TRPC_ONLY,
  'secret.set': TRPC_ONLY,
  'secret.rotate': TRPC_ONLY,
  'secret.delete': TRPC_ONLY,
  'egress.list': TRPC_ONLY,
  'egress.allow': TRPC_ONLY,
  'egress.revoke': TRPC_ONLY,
  'admin.users': TRPC_ONLY,
  'admin.createUser': TRPC_ONLY,
  'admin.setUserRole': TRPC_ONLY,
  'admin.setUserDisabled': TRPC_ONLY,
  'admin.resetPassword': TRPC_ONLY,
  'admin.createToken': TRPC_ONLY,
  'admin.revokeToken': TRPC_ONLY,
  'admin.tokens': TRPC_ONLY,
  'admin.audit': TRPC_ONLY,
  'admin.gc': TRPC_ONLY,
};
