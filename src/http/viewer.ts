import type { IncomingMessage } from 'node:http';
import type { Knex } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { authenticateToken, bearerToken, ANONYMOUS, type Viewer } from '../modules/identity';
import { HttpError } from './body';

/**
 * Who is asking. No Authorization header: anonymous. A header that does not name a live session
 * (logged out, expired, password changed, user deactivated) is refused outright with 401 rather
 * than silently downgraded to anonymous, so a client notices at once.
 */
export async function resolveViewer(req: IncomingMessage, knex: Knex, config: Config): Promise<Viewer> {
  const token = bearerToken(req.headers.authorization);
  if (token === undefined) return ANONYMOUS;
  const viewer = token === null ? null : await authenticateToken(knex, config, token);
  if (!viewer) throw new HttpError(401, 'The session is invalid or has expired; log in again');
  return viewer;
}

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
