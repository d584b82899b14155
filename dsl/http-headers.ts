// HTTP request headers a pipeline may set (webhooks, ingest.http): a value as written, or a secret read when the
// request is made — from the platform's secret store (`{ secret: NAME }`) or the worker's environment
// (`{ env: NAME }`) — so no secret is written in a pipeline file.
import { z } from 'zod';
import { SecretRef } from './secret-ref';

/** An environment variable's name: where a secret (a URL holding a token, a header's value) is read from. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name');

export const EnvRef = z.strictObject({ env: z.string().regex(ENV_NAME, 'an environment variable name').describe('The worker\'s environment variable holding the value') })
  .describe('A secret value, read from the worker\'s environment when the request is made');
export type EnvRef = z.infer<typeof EnvRef>;

export const HeaderValue = z.union([
  z.string().max(4000).describe('The header\'s value'),
  SecretRef,
  EnvRef,
]);
export type HeaderValue = z.infer<typeof HeaderValue>;

export interface SecretSources {
  /** The secret store's value of a name; throws (naming the secret) when it cannot. */
  readSecret: (name: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
}

/** One secret reference's value: a variable the worker lacks is named in the error; a value never appears in one. */
export async function resolveSecretValue(ref: SecretRef | EnvRef, what: string, sources: SecretSources): Promise<string> {
  if ('secret' in ref) return sources.readSecret(ref.secret);
  const variable = ref.env;
  const value = (sources.env ?? process.env)[variable];
  if (value === undefined || value === '') throw new Error(`${what} reads the environment variable ${variable}, which the worker does not have`);
  return value;
}

/**
 * Request headers: `plain` as written (or a `{ secret }` / `{ env }` reference), each of `fromSecrets` read from the
 * secret store by the name it gives, and each of `fromEnv` from the environment variable it names.
 */
export async function resolveHeaders(
  plain: Record<string, HeaderValue> | undefined,
  refs: { fromSecrets?: Record<string, string>; fromEnv?: Record<string, string> },
  sources: SecretSources,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(plain ?? {})) {
    out[name] = typeof value === 'string' ? value : await resolveSecretValue(value, `header ${name}`, sources);
  }
  for (const [name, secret] of Object.entries(refs.fromSecrets ?? {})) out[name] = await resolveSecretValue({ secret }, `header ${name}`, sources);
  for (const [name, variable] of Object.entries(refs.fromEnv ?? {})) out[name] = await resolveSecretValue({ env: variable }, `header ${name}`, sources);
  return out;
}
