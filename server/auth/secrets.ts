// Random bearer secrets and their stored form: only a SHA-256 of a secret ever reaches the database.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url, behind a prefix that says what the secret is (`hr_` for API tokens). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

export const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');
