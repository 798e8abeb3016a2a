import type { IncomingMessage } from 'node:http';
import type { Knex } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { authenticateApiKey, authenticateToken, bearerToken, isApiKeySecret, ANONYMOUS, type Viewer } from '../modules/identity';
import { HttpError } from './body';

/**
 * Who is asking. No Authorization or X-Api-Key header: anonymous. `Authorization: Bearer` carries a
 * session token or an API key (told apart by the key's mark); X-Api-Key an API key. A header that
 * does not name a live session or key (logged out, expired, password changed, user deactivated,
 * key revoked) is refused outright with 401 rather than silently downgraded to anonymous, so a
 * client notices at once.
 */
export async function resolveViewer(req: IncomingMessage, knex: Knex, config: Config): Promise<Viewer> {
  const keyHeader = req.headers['x-api-key'];
  const token = bearerToken(req.headers.authorization);
  if (token === undefined && keyHeader === undefined) return ANONYMOUS;
  // CASE: both headers: the Authorization header speaks, as for any other client.
  const credential = token !== undefined ? token : apiKeyOf(keyHeader);
  if (credential !== null && isApiKeySecret(credential)) {
    const key = await authenticateApiKey(knex, credential);
    if (!key) throw new HttpError(401, 'The API key is invalid or has been revoked');
    return key;
  }
  if (token === undefined) throw new HttpError(401, 'The API key is invalid or has been revoked');
  const viewer = credential === null ? null : await authenticateToken(knex, config, credential);
  if (!viewer) throw new HttpError(401, 'The session is invalid or has expired; log in again');
  return viewer;
}

/** The key from X-Api-Key (sent once, plain); null when malformed. */
function apiKeyOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? null : header?.trim();
  return value && /^[A-Za-z0-9_-]{10,200}$/.test(value) ? value : null;
}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
