// Calling a tRPC procedure through the REST door (/api/v1) the way a curl user would, for the API matrix
// (test/api/procedures.test.ts): the procedure's OpenAPI method and path from its meta, path parameters filled
// from the input, the rest of the input as a query string (GET) or a JSON body, a bearer token; and the answer's
// ISO date strings turned back into Dates where the procedure's output schema has one, so a case's `check`
// (written against the tRPC client, whose superjson keeps Dates) reads a REST answer as it reads a tRPC one.
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { z } from 'zod';
import { appRouter } from '../../server/api/root';
import { REST_BASE } from '../../server/api/rest/openapi';

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: string[];
  output: z.ZodType | undefined;
}

interface Def {
  _def: { meta?: OpenApiMeta; output?: z.ZodType };
}

/** The REST operation of every procedure that has one, keyed by the procedure's dotted path. */
export const restRoutes: Record<string, RestRoute> = Object.fromEntries(
  Object.entries(appRouter._def.procedures as unknown as Record<string, Def>)
    .filter(([, p]) => p._def.meta?.openapi && p._def.meta.openapi.enabled !== false)
    .map(([name, p]) => {
      const { method, path } = p._def.meta!.openapi!;
      return [name, { method, path, params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), output: p._def.output }];
    }),
);

export interface RestAnswer {
  status: number;
  body: any;
}

/** One request to the REST door for `route` with `input` (an object, or undefined), as `token` (none: null). */
export async function restCall(url: string, route: RestRoute, input: unknown, token: string | null): Promise<RestAnswer> {
  const fields: Record<string, unknown> = input && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : {};
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = fields[name];
    delete fields[name];
    // A parameter the input lacks is an empty segment, which the door reads as the field given empty.
    return value === undefined ? '' : encodeURIComponent(String(value));
  });
  const target = new URL(`${url}${REST_BASE}${path}`);
  let body: string | undefined;
  if (route.method === 'GET' || route.method === 'DELETE') {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) target.searchParams.append(key, v instanceof Date ? v.toISOString() : String(v));
    }
  } else if (Object.keys(fields).length > 0) {
    body = JSON.stringify(fields);
  }
  const res = await fetch(target, {
    method: route.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new Error(`${route.method} ${target.pathname} answered ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, body: parsed };
}

/** `value` with the ISO strings at the output schema's date positions made Dates again. */
export function reviveDates(schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema || value === null || value === undefined) return value;
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'date':
      return typeof value === 'string' ? new Date(value) : value;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'nonoptional': case 'catch':
      return reviveDates(def.innerType, value);
    case 'pipe':
      return reviveDates(def.out, value);
    case 'lazy':
      return reviveDates(def.getter(), value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => reviveDates(def.element, v)) : value;
    case 'record':
      return typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveDates(def.valueType, v)])) : value;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k in def.shape ? reviveDates(def.shape[k], v) : v]));
    case 'union': {
      // The first option that accepts the revived value (options without dates revive to the value itself).
      for (const option of def.options as z.ZodType[]) {
        const revived = reviveDates(option, value);
        if (option.safeParse(revived).success) return revived;
      }
      return value;
    }
    default:
      return value;
  }
}
