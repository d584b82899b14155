// Sealing one secret: AES-256-GCM with a fresh 12-byte IV, the secret's name as additional data (a sealed value
// copied onto another name does not open), and the key's id in the clear so a mismatch is named, not garbled.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from './key';

const VERSION = 'v1';

export function seal(name: string, value: string, k: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [VERSION, k.id, ...parts].join('.');
}

/** The value, or an error naming the secret and why it does not open (another key, tampered, not a sealed value). */
export function unseal(name: string, sealed: string, k: SecretKey): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error(`secret ${name}: the stored value is not a sealed ${VERSION} value`);
  const [, id, iv, tag, body] = parts;
  if (id !== k.id) {
    throw new Error(`secret ${name} was sealed with key ${id}, and this process has key ${k.id} (from ${k.source}): give every process the same HEADRACE_SECRET_KEY (a key replaced by a rotation goes in HEADRACE_SECRET_KEY_PREVIOUS), or set the secret again`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`secret ${name}: the stored value does not open under key ${k.id} (changed in the database?); set it again`);
  }
}
