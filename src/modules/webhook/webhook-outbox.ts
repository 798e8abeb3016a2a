import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { knexOf } from '../../db/transaction';
import type { ArticleChangeEvent, ArticleChangeKind, ArticleChangeListener } from '../article';
import { WebhookEvent } from './webhook-events';

/** Which article event a public change is to subscribers. */
export function articleEventOf(kind: ArticleChangeKind): WebhookEvent {
  switch (kind) {
    case 'PUBLISHED':
    case 'EMBARGO_LIFTED':
      return WebhookEvent.ARTICLE_PUBLISHED;
    case 'UPDATED':
      return WebhookEvent.ARTICLE_UPDATED;
    case 'UNPUBLISHED':
      return WebhookEvent.ARTICLE_UNPUBLISHED;
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
 * `cache.purge` (exactly the change's tags, when it has any), inserted with `trx` so they commit, or vanish, with
 * the change itself. The worker sends them later. Two statements at most, whatever the number of
 * webhooks; none but the lookup when nobody subscribes.
 */
export async function writeArticleChangeDeliveries(trx: Knex, change: ArticleChangeEvent): Promise<number> {
  const wanted = change.tags.length > 0 ? [articleEventOf(change.kind), WebhookEvent.CACHE_PURGE] : [articleEventOf(change.kind)];
  const webhooks = (await trx('webhook').select('id', 'events').where('active', true).whereRaw('events && ?::text[]', [wanted])) as { id: string; events: string[] }[];
  const rows: DeliveryRow[] = webhooks.flatMap((webhook) =>
    wanted.filter((event) => webhook.events.includes(event)).map((event) => deliveryRow(trx, webhook.id, event, change)),
  );
  if (rows.length > 0) await trx('webhook_delivery').insert(rows);
  return rows.length;
}

function deliveryRow(trx: Knex, webhookId: string, event: WebhookEvent, change: ArticleChangeEvent): DeliveryRow {
  const id = randomUUID();
  const data = event === WebhookEvent.CACHE_PURGE ? { tags: [...change.tags] } : { articleId: change.articleId, at: change.at.toISOString() };
  const body = JSON.stringify({ id, type: event, createdAt: new Date().toISOString(), data });
  // Due at once; the database's clock, as the worker's claims use it.
  return { id, webhook_id: webhookId, event, body, status: 'PENDING', attempts: 0, next_attempt_at: trx.raw('now()'), created_at: trx.raw('now()') };
}

/** The outbox writer as an article change listener (registered by the wiring): the write's transaction is the outbox's. */
export const webhookOutboxListener: ArticleChangeListener = async (tx, change) => {
  await writeArticleChangeDeliveries(knexOf(tx), change);
};
