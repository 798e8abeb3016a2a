import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'blt_';

/** 32 random bytes, prefixed so a leaked token is recognisable by secret scanners. */
export function newSessionToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer <token>`; undefined when absent, null when malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_-]{10,200})$/i.exec(header.trim());
  return match ? match[1] : null;
}
