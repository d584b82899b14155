// HTTP request headers a pipeline may set (webhooks, ingest.http): a value as written, or a secret read from the
// worker's environment when the request is made, so no secret is written in a pipeline file.
import { z } from 'zod';

/** An environment variable's name: where a secret (a URL holding a token, a header's value) is read from. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name');

export const HeaderValue = z.union([
  z.string().max(4000).describe('The header\'s value'),
  z.strictObject({ env: z.string().regex(ENV_NAME, 'an environment variable name').describe('The worker\'s environment variable holding the value') })
    .describe('A secret value, read from the worker\'s environment when the request is made'),
]);
export type HeaderValue = z.infer<typeof HeaderValue>;

/** The headers with secrets read from `env`; a variable the worker lacks is named in the error, its value never. */
export function resolveHeaders(headers: Record<string, HeaderValue> | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(headers ?? {})) {
    if (typeof v === 'string') out[name] = v;
    else {
      const value = env[v.env];
      if (value === undefined || value === '') throw new Error(`header ${name} reads the environment variable ${v.env}, which the worker does not have`);
      out[name] = value;
    }
  }
  return out;
}
