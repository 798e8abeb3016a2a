import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { WebhookEvent } from './webhook-events';

/** A change to an article as its module announces it, inside the transaction that makes it. */
export interface ArticleChangeNotice {
  articleId: string;
  kind: string;
  at: Date;
  /** The cache tags whose content the change altered (shared/cache-hint.ts vocabulary). */
  tags: readonly string[];
}

/** Which article event a change is to subscribers; null: not one they are told about (its cache.purge still goes out). */
export function articleEventOf(kind: string): WebhookEvent | null {
  switch (kind.toLowerCase()) {
    case 'published':
    case 'embargo_lifted':
      return WebhookEvent.ARTICLE_PUBLISHED;
    case 'updated':
      return WebhookEvent.ARTICLE_UPDATED;
    case 'unpublished':
    case 'archived':
    case 'deleted':
      return WebhookEvent.ARTICLE_UNPUBLISHED;
    default:
      return null;
  }
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: WebhookEvent;
  body: string;
  status: 'PENDING';
  attempts: number;
  next_attempt_at: Knex.Raw;
  created_at: Knex.Raw;
}

/**
 * The outbox writer: one delivery per subscribed active webhook, for the article event and for
 * `cache.purge` (exactly the change's tags), inserted with `trx` so they commit, or vanish, with
 * the change itself. The worker sends them later. Two statements at most, whatever the number of
 * webhooks; none but the lookup when nobody subscribes.
 */
export async function writeArticleChangeDeliveries(trx: Knex, change: ArticleChangeNotice): Promise<number> {
  const articleEvent = articleEventOf(change.kind);
  const wanted = [articleEvent, change.tags.length > 0 ? WebhookEvent.CACHE_PURGE : null].filter((event) => event !== null);
  if (wanted.length === 0) return 0;
  const webhooks = (await trx('webhook').select('id', 'events').where('active', true).whereRaw('events && ?::text[]', [wanted])) as { id: string; events: string[] }[];
  const rows: DeliveryRow[] = webhooks.flatMap((webhook) =>
    wanted.filter((event) => webhook.events.includes(event)).map((event) => deliveryRow(trx, webhook.id, event, change)),
  );
  if (rows.length > 0) await trx('webhook_delivery').insert(rows);
  return rows.length;
}

function deliveryRow(trx: Knex, webhookId: string, event: WebhookEvent, change: ArticleChangeNotice): DeliveryRow {
  const id = randomUUID();
  const data = event === WebhookEvent.CACHE_PURGE ? { tags: [...change.tags] } : { articleId: change.articleId, at: change.at.toISOString() };
  const body = JSON.stringify({ id, type: event, createdAt: new Date().toISOString(), data });
  // Due at once; the database's clock, as the worker's claims use it.
  return { id, webhook_id: webhookId, event, body, status: 'PENDING', attempts: 0, next_attempt_at: trx.raw('now()'), created_at: trx.raw('now()') };
}
