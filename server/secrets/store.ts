// Setting and reading secrets: sealing on the way in (the API), unsealing on the way out (a worker resolving a
// step's `{ secret: NAME }`). A value read is remembered for redaction, so logs this process writes blank it.
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { getSealedSecret, listSealedSecrets, putSecret, resealSecret, type SecretInfo } from '../db/repo/secrets';
import { seal, unseal } from './cipher';
import { forgetKeyFile, previousSecretKeys, replaceKeyFile, secretKey, type SecretKey } from './key';
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
  const key = await keyFor(row.keyId, home);
  let value: string;
  try {
    value = unseal(name, row.sealed, key);
  } catch (e) {
    throw new SecretError((e as Error).message);
  }
  rememberSecret(value);
  return value;
}

/**
 * The key a value names by id: the current one, a previous one (a rotation in progress), or — when neither matches
 * and the key is the embedded key file, which another process may have rotated — the file read again. Otherwise the
 * current key, and unseal says which key the value wants.
 */
async function keyFor(id: string, home: string): Promise<SecretKey> {
  const current = await keyOrError(home);
  if (current.id === id) return current;
  const found = (await previousKeys(home)).find((k) => k.id === id);
  if (found) return found;
  if (process.env.HEADRACE_SECRET_KEY) return current;
  forgetKeyFile(home);
  return keyOrError(home);
}

function previousKeys(home: string): Promise<SecretKey[]> {
  return previousSecretKeys(home).catch((e: Error) => { throw new SecretError(`the secret store's previous keys: ${e.message}`); });
}

export interface RotationReport {
  /** The key every value is now sealed with. */
  keyId: string;
  /** The key file's key that `newKey` replaced; null without `newKey`. */
  previousKeyId: string | null;
  /** Sealed again under it, from a previous key. */
  resealed: string[];
  /** Already under it. */
  current: number;
  /** Sealed with a key this process does not have: left as they are, each with why. */
  unreadable: Array<{ name: string; keyId: string; error: string }>;
}

/**
 * Seals every value again under the current key, opening each with the key its row names (the current one or a
 * previous one), after `newKey` has replaced the embedded key file. Each value is replaced in its own statement, only if no one set it meanwhile; values nothing here can
 * open are reported, never dropped. Once `unreadable` is empty the previous keys can be removed.
 */
export async function rotateSecrets(db: Db, actor: string, home: string = loadConfig().home, opts: { newKey?: boolean } = {}): Promise<RotationReport> {
  let previousKeyId: string | null = null;
  if (opts.newKey) {
    try {
      previousKeyId = (await replaceKeyFile(home)).previous.id;
    } catch (e) {
      throw new SecretError(`the secret store's key: ${(e as Error).message}`);
    }
  }
  const current = await keyOrError(home);
  // Read once for every row: a value under none of these keys is reported by unseal, naming the key it wants.
  const keys = [current, ...(await previousKeys(home))];
  const report: RotationReport = { keyId: current.id, previousKeyId, resealed: [], current: 0, unreadable: [] };
  for (const row of await listSealedSecrets(db)) {
    if (row.keyId === current.id) {
      report.current++;
      continue;
    }
    let value: string;
    try {
      value = unseal(row.name, row.sealed, keys.find((k) => k.id === row.keyId) ?? current);
    } catch (e) {
      report.unreadable.push({ name: row.name, keyId: row.keyId, error: (e as Error).message });
      continue;
    }
    if (await resealSecret(db, { name: row.name, was: row.sealed, sealed: seal(row.name, value, current), keyId: current.id, actor })) report.resealed.push(row.name);
    else report.current++;
  }
  return report;
}

async function keyOrError(home: string) {
  try {
    return await secretKey(home);
  } catch (e) {
    throw new SecretError(`the secret store's key: ${(e as Error).message}`);
  }
}
