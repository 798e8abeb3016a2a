import { randomBytes } from 'node:crypto';
import { hashToken } from './session-token';

/** Every API key starts so: secret scanners and people recognise one, and it is never taken for a session token. */
export const API_KEY_MARK = 'bpk_';

export interface NewApiKeySecret {
  /** The whole key, shown once. */
  key: string;
  /** Its identifying start (API_KEY_MARK and 12 hex digits), stored and listed. */
  prefix: string;
  hash: string;
}

/**
 * A new key: a random identifying prefix, then 32 random bytes. Only the SHA-256 of the whole key
 * is stored, not a bcrypt hash: the secret has 256 bits of entropy, so nothing can be guessed from
 * a fast hash, and the key is checked on every request, where bcrypt's deliberate slowness would
 * cost tens of milliseconds each time and would not allow an indexed lookup by hash.
 */
export function newApiKeySecret(): NewApiKeySecret {
  const prefix = API_KEY_MARK + randomBytes(6).toString('hex');
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function isApiKeySecret(value: string): boolean {
  return value.startsWith(API_KEY_MARK);
}

export const hashApiKey = hashToken;
