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

/**
 * Request headers: `plain` as written, and each of `secret` read from the environment variable it names. A variable
 * the worker lacks is named in the error; its value never appears in one.
 */
export function resolveHeaders(
  plain: Record<string, string> | undefined, secret: Record<string, string> | undefined, env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = { ...plain };
  for (const [name, variable] of Object.entries(secret ?? {})) {
    const value = env[variable];
    if (value === undefined || value === '') throw new Error(`header ${name} reads the environment variable ${variable}, which the worker does not have`);
    out[name] = value;
  }
  return out;
}
