// The key that seals the secret store. A deployment sets HEADRACE_SECRET_KEY (32 bytes, base64 or hex) to the same
// value on the API and on every worker; the embedded platform, where both share one machine and one home folder,
// makes a random key in <home>/secret.key (mode 0600) the first time a secret is set or read. Keys replaced by a
// rotation stay readable (HEADRACE_SECRET_KEY_PREVIOUS, or <home>/secret.key.previous) until every value has been
// sealed again under the current key (`headrace secret rotate`, server/secrets/store.ts).
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface SecretKey {
  key: Buffer;
  /** The first 12 hex digits of the key's SHA-256: stored beside each sealed value, never the key. */
  id: string;
  /** Where it came from, for messages: `HEADRACE_SECRET_KEY` or the key file's path. */
  source: string;
}

export const SECRET_KEY_HELP = 'set HEADRACE_SECRET_KEY to 32 random bytes, base64 or hex (openssl rand -base64 32), the same on the API and every worker';

/** 32 bytes from base64, base64url or hex text; an error saying what is wrong otherwise (never echoing the text). */
export function parseSecretKey(text: string, source: string): SecretKey {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${source} holds ${key.length} bytes, not 32: ${SECRET_KEY_HELP}`);
  return { key, id: keyId(key), source };
}

export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

const cache = new Map<string, Promise<SecretKey>>();

/**
 * This process's key: HEADRACE_SECRET_KEY when set, else `<home>/secret.key`, made when absent. Read once per
 * home folder; a bad value fails every secret operation with the same clear message.
 */
export function secretKey(home: string, env: Record<string, string | undefined> = process.env): Promise<SecretKey> {
  const fromEnv = env.HEADRACE_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve().then(() => parseSecretKey(fromEnv, 'HEADRACE_SECRET_KEY'));
  const file = join(home, 'secret.key');
  let found = cache.get(file);
  if (!found) {
    found = keyFile(file);
    found.catch(() => cache.delete(file));
    cache.set(file, found);
  }
  return found;
}

async function keyFile(file: string): Promise<SecretKey> {
  try {
    return parseSecretKey(await readFile(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dirname(file), { recursive: true });
  try {
    // `wx`: two processes making it at once keep the first one's key.
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  await chmod(file, 0o600);
  return parseSecretKey(await readFile(file, 'utf8'), file);
}

/**
 * The keys a rotation replaced, still used to open values sealed under them: HEADRACE_SECRET_KEY_PREVIOUS (keys
 * separated by commas) and, on the embedded platform, <home>/secret.key.previous (one key per line). Read afresh on
 * every call: they are needed only when a value's key id is not the current one.
 */
export async function previousSecretKeys(home: string, env: Record<string, string | undefined> = process.env): Promise<SecretKey[]> {
  const keys: SecretKey[] = [];
  for (const [i, text] of (env.HEADRACE_SECRET_KEY_PREVIOUS ?? '').split(',').entries()) {
    if (text.trim()) keys.push(parseSecretKey(text, `HEADRACE_SECRET_KEY_PREVIOUS (key ${i + 1})`));
  }
  const file = join(home, 'secret.key.previous');
  let lines: string[] = [];
  try {
    lines = (await readFile(file, 'utf8')).split('\n');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const [i, text] of lines.entries()) if (text.trim()) keys.push(parseSecretKey(text, `${file} (line ${i + 1})`));
  return keys;
}

/**
 * The embedded platform's rotation: the current key file's key is appended to <home>/secret.key.previous and a new
 * random key replaces it (written aside, then renamed over it). Refused when the key comes from HEADRACE_SECRET_KEY,
 * which only its operator can change. Processes that cached the old key find the new one when a value names it.
 */
export async function replaceKeyFile(home: string, env: Record<string, string | undefined> = process.env): Promise<{ previous: SecretKey; current: SecretKey }> {
  if (env.HEADRACE_SECRET_KEY) {
    throw new Error('the key comes from HEADRACE_SECRET_KEY, which the platform cannot change: set the new key there and the old one in HEADRACE_SECRET_KEY_PREVIOUS on the API and every worker, restart them, then run headrace secret rotate');
  }
  const previous = await secretKey(home, env);
  const file = join(home, 'secret.key');
  await appendFile(join(home, 'secret.key.previous'), `${previous.key.toString('base64')}\n`, { mode: 0o600 });
  await chmod(join(home, 'secret.key.previous'), 0o600);
  await writeFile(`${file}.new`, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  await rename(`${file}.new`, file);
  forgetKeyFile(home);
  return { previous, current: await secretKey(home, env) };
}

/** Drops the cached key file of this home, so the next read takes the file as it is now. */
export function forgetKeyFile(home: string): void {
  cache.delete(join(home, 'secret.key'));
}
