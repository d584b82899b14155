// Setting and reading secrets: sealing on the way in (the API), unsealing on the way out (a worker resolving a
// step's `{ secret: NAME }`). A value read is remembered for redaction, so logs this process writes blank it.
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { getSealedSecret, putSecret, type SecretInfo } from '../db/repo/secrets';
import { seal, unseal } from './cipher';
import { secretKey } from './key';
import { MIN_SECRET_LENGTH, rememberSecret } from './redact';

/** The largest value the store takes (a certificate chain, a service account's JSON). */
export const MAX_SECRET_BYTES = 64 * 1024;

export class SecretError extends Error {}

export async function setSecret(
  db: Db, input: { name: string; value: string; description?: string | null; actor: string }, home: string = loadConfig().home,
): Promise<SecretInfo & { created: boolean }> {
  const bytes = Buffer.byteLength(input.value, 'utf8');
  if (bytes < MIN_SECRET_LENGTH) throw new SecretError(`value: at least ${MIN_SECRET_LENGTH} characters (a shorter one could not be blanked out of logs)`);
  if (bytes > MAX_SECRET_BYTES) throw new SecretError(`value: ${bytes} bytes, over the ${MAX_SECRET_BYTES}-byte limit`);
  const key = await keyOrError(home);
  rememberSecret(input.value);
  return putSecret(db, { name: input.name, sealed: seal(input.name, input.value, key), keyId: key.id, description: input.description, actor: input.actor });
}

/** The secret's value, or a SecretError naming it and what to do (not set; sealed with another key). */
export async function readSecret(db: Db, name: string, home: string = loadConfig().home): Promise<string> {
  const row = await getSealedSecret(db, name);
  if (!row) throw new SecretError(`secret ${name} is not set: an admin sets it with headrace secret set ${name}`);
  const key = await keyOrError(home);
  let value: string;
  try {
    value = unseal(name, row.sealed, key);
  } catch (e) {
    throw new SecretError((e as Error).message);
  }
  rememberSecret(value);
  return value;
}

async function keyOrError(home: string) {
  try {
    return await secretKey(home);
  } catch (e) {
    throw new SecretError(`the secret store's key: ${(e as Error).message}`);
  }
}
