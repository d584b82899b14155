// The REST door (/api/v1): plain JSON in and out, no envelope, over the same tRPC procedures — the router's
// procedures whose meta has an `openapi` entry, called through a server-side caller, so roles, audit, validation
// and the services are the tRPC door's own. Path and query values are strings on the wire: each is turned into the
// number, boolean or date its zod field asks for (a copy; the schemas are not touched). Dates go out as ISO 8601
// strings. Every error is one shape, `{ "error": { code, message, httpStatus, field?, issues?, errorId?, retryAfterSeconds? } }`,
// its sentence from the tRPC error formatter (an invalid input names its field, and lists every issue).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import { readApiBody } from '../body-limit';
import { appRouter } from '../root';
import { inputIssues, type ApiContext } from '../trpc';
import { REST_BASE } from './openapi';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  /** The procedure's dotted path in the router (run.get). */
  procedure: string;
  type: 'query' | 'mutation';
  /** The REST path with its `{name}` parameters as a pattern. */
  pattern: RegExp;
  params: string[];
  input: z.ZodType | undefined;
}

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: OpenApiMeta; inputs: z.ZodType[] };
}

/** Every REST operation, from the procedures' meta. */
function routes(): Route[] {
  const out: Route[] = [];
  for (const [name, p] of Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>)) {
    const openapi = p._def.meta?.openapi;
    if (!openapi || openapi.enabled === false || p._def.type === 'subscription') continue;
    const params: string[] = [];
    const source = openapi.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, param: string) => {
      params.push(param);
      // An empty segment is the parameter given empty: its field refuses it by name, rather than a bare 404.
      return '([^/]*)';
    });
    out.push({ method: openapi.method, procedure: name, type: p._def.type, pattern: new RegExp(`^${source}/?$`), params, input: p._def.inputs[0] });
  }
  return out;
}

let table: Route[] | undefined;

/** The innermost schema of an optional, nullable, defaulted or piped field. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  return s;
}

/** A string from a URL as its field asks for it; left as it is when it does not read as one (zod then names it). */
function coerce(field: z.ZodType | undefined, value: string | string[]): unknown {
  const s = field ? unwrap(field) : undefined;
  if (s instanceof z.ZodArray) return (Array.isArray(value) ? value : [value]).map((v) => coerce(s.element as z.ZodType, v));
  if (Array.isArray(value)) return value.length === 1 ? coerce(field, value[0]) : value;
  if (s instanceof z.ZodNumber) return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  if (s instanceof z.ZodBoolean) return value === 'true' ? true : value === 'false' ? false : value;
  if (s instanceof z.ZodDate) return Number.isNaN(Date.parse(value)) ? value : new Date(value);
  if (s instanceof z.ZodNull) return value === 'null' ? null : value;
  return value;
}

/** The object shape of a procedure's input, if it has one. */
function shapeOf(input: z.ZodType | undefined): Record<string, z.ZodType> {
  const s = input ? unwrap(input) : undefined;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : {};
}

export interface RestOptions {
  createContext: (req: IncomingMessage) => Promise<ApiContext>;
}

/** Answers a request under /api/v1 and returns true; false for any other path. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, opts: RestOptions): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== REST_BASE && !url.pathname.startsWith(`${REST_BASE}/`)) return false;
  const path = url.pathname.slice(REST_BASE.length) || '/';
  table ??= routes();
  // The route with the fewest parameters first: /pipelines/ is the list, not a pipeline with an empty name.
  const matching = table.filter((r) => r.pattern.test(path)).sort((a, b) => a.params.length - b.params.length);
  const route = matching.find((r) => r.method === req.method);
  let ctx: ApiContext | undefined;
  let input: unknown;
  try {
    if (!route) {
      if (matching.length > 0) {
        res.setHeader('allow', [...new Set(matching.map((r) => r.method))].join(', '));
        return answer(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: `${req.method} is not allowed on ${url.pathname}; use ${matching.map((r) => r.method).join(' or ')}`, httpStatus: 405 } });
      }
      return answer(res, 404, { error: { code: 'NOT_FOUND', message: `no REST operation at ${url.pathname} (GET /api/openapi.json lists them)`, httpStatus: 404 } });
    }
    const shape = shapeOf(route.input);
    const fields: Record<string, unknown> = {};
    if (req.method === 'GET' || req.method === 'DELETE') {
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        fields[key] = coerce(shape[key], all.length === 1 ? all[0] : all);
      }
    } else {
      const body = await readApiBody(req);
      if (typeof body !== 'string') {
        res.once('finish', () => req.socket.end());
        return answer(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: body.tooLarge, httpStatus: 413 } }, { connection: 'close' });
      }
      if (body.trim() !== '') {
        const type = String(req.headers['content-type'] ?? '');
        if (!type.startsWith('application/json')) {
          return answer(res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `the body must be JSON (Content-Type: application/json), not ${type || 'untyped'}`, httpStatus: 415 } });
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch (e) {
          return answer(res, 400, { error: { code: 'BAD_REQUEST', message: `the body is not JSON: ${(e as Error).message}`, httpStatus: 400 } });
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          return answer(res, 400, { error: { code: 'BAD_REQUEST', message: 'the body must be a JSON object', httpStatus: 400 } });
        }
        Object.assign(fields, parsed);
      }
    }
    const values = route.pattern.exec(path)!.slice(1);
    for (const [i, name] of route.params.entries()) {
      let value: string;
      try {
        value = decodeURIComponent(values[i]);
      } catch {
        return answer(res, 400, { error: { code: 'BAD_REQUEST', field: name, message: `${name}: "${values[i]}" is not a valid URL-encoded value`, httpStatus: 400 } });
      }
      fields[name] = coerce(shape[name], value);
    }
    input = route.input && (Object.keys(fields).length > 0 || !(route.input instanceof z.ZodOptional || route.input instanceof z.ZodDefault)) ? fields : undefined;
    ctx = await opts.createContext(req);
    const call = route.procedure.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], appRouter.createCaller(ctx)) as (i: unknown) => Promise<unknown>;
    return answer(res, 200, await call(input));
  } catch (cause) {
    const error = cause instanceof TRPCError ? cause : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
    const shape = getErrorShape({ config: appRouter._def._config, error, type: route?.type ?? 'unknown', path: route?.procedure, input, ctx }) as {
      message: string; data: { code: string; httpStatus: number; errorId?: string; retryAfterSeconds?: number };
    };
    const status = shape.data.httpStatus;
    const issues = error.cause instanceof z.ZodError ? inputIssues(error.cause, input) : [];
    const field = issues[0]?.field;
    const retry = shape.data.retryAfterSeconds;
    return answer(res, status, {
      error: {
        code: shape.data.code, message: shape.message, httpStatus: status,
        ...(field ? { field } : {}), ...(issues.length > 0 ? { issues } : {}), ...(shape.data.errorId ? { errorId: shape.data.errorId } : {}), ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
      },
    }, retry !== undefined ? { 'retry-after': String(retry) } : {});
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body === undefined ? 'null' : JSON.stringify(body));
  return true;
}
