import type { Knex } from '@mikro-orm/postgresql';
import { hashApiKey } from './api-key-secret';
import type { ApiKeyViewer } from './viewer';

/** How often lastUsedAt is written: once a minute is precise enough to tell a key in use, and costs no write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves an API key to its viewer, reading the row on every request (one indexed lookup, no
 * cache): a revocation applies to the very next request on every instance. null = unknown or revoked.
 */
export async function authenticateApiKey(knex: Knex, key: string): Promise<ApiKeyViewer | null> {
  const row = await knex('api_key')
    .first({ id: 'id', scopes: 'scopes', rateLimitPerMinute: 'rate_limit_per_minute', lastUsedAt: 'last_used_at' })
    .where('secret_hash', hashApiKey(key))
    .whereNull('revoked_at');
  if (!row) return null;
  const now = Date.now();
  if (row.lastUsedAt === null || now - new Date(row.lastUsedAt).getTime() > TOUCH_EVERY_MS) {
    // The condition repeats the check in SQL: of instances racing past the minute, one writes.
    await knex('api_key')
      .update({ last_used_at: new Date(now) })
      .where('id', row.id)
      .andWhere((stale) => stale.whereNull('last_used_at').orWhere('last_used_at', '<', new Date(now - TOUCH_EVERY_MS)));
  }
  return { kind: 'apiKey', id: row.id, scopes: row.scopes, rateLimitPerMinute: row.rateLimitPerMinute };
}
