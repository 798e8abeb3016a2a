import { Client } from 'pg';
import type { Outcome } from './traffic';

export interface WriteCheck {
  views: { acknowledged: number; stored: number; refused: number };
  saves: { acknowledged: number; acknowledgedStored: number; failed: number; failedStored: number; withoutRevision: number };
  /** Saves answered with an error yet stored: their COMMIT went through as the connection died (in doubt for any client). */
  failedButStored: Outcome[];
}

/** The article's stored view total, straight from PostgreSQL (not through Bulletin). */
export async function storedViewCount(databaseUrl: string, articleId: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ view_count: string }>('select view_count from article where id = $1', [articleId]);
    return Number(rows[0]?.view_count ?? 0);
  });
}

/**
 * Acknowledged versus stored: every view answered `true` is in view_count, every acknowledged
 * save is a row (with its CREATE revision), and a save that failed is, except in doubt, absent.
 */
export async function checkWrites(databaseUrl: string, articleId: string, viewCountBefore: number, outcomes: Outcome[]): Promise<WriteCheck> {
  const views = outcomes.filter((o) => o.kind === 'view');
  const saves = outcomes.filter((o) => o.kind === 'save');
  return withClient(databaseUrl, async (client) => {
    const rows = await queryByTitles<{ title: string; revisions: string }>(
      client,
      `select a.title, (select count(*) from article_revision r where r.article_id = a.id) as revisions
       from article a where a.title = any($1::text[])`,
      saves.map((o) => o.key!),
    );
    const stored = new Map(rows.map((row) => [row.title, Number(row.revisions)]));
    const acknowledged = saves.filter((o) => o.acknowledged);
    const failed = saves.filter((o) => !o.acknowledged);
    return {
      views: { acknowledged: views.filter((o) => o.acknowledged).length, stored: (await storedViewCount(databaseUrl, articleId)) - viewCountBefore, refused: views.filter((o) => !o.acknowledged).length },
      saves: {
        acknowledged: acknowledged.length,
        acknowledgedStored: acknowledged.filter((o) => stored.has(o.key!)).length,
        failed: failed.length,
        failedStored: failed.filter((o) => stored.has(o.key!)).length,
        withoutRevision: [...stored.values()].filter((revisions) => revisions === 0).length,
      },
      failedButStored: failed.filter((o) => stored.has(o.key!)),
    };
  });
}

export interface AdImpressionCheck {
  /** recordAdEvents answered 1. */
  acknowledged: number;
  /** The impressions column of ad_stats_hourly, summed over the creative's hours in the slot. */
  stored: number;
  /** Not counted: no answer, an error, 0, or no ad served to report. */
  refused: number;
}

/** Acknowledged ad impressions against the slot's stored count (the slot is the run's own, so it starts at 0). */
export async function checkAdImpressions(databaseUrl: string, slot: { key: string; creativeId: string }, outcomes: Outcome[]): Promise<AdImpressionCheck> {
  const ads = outcomes.filter((o) => o.kind === 'ad');
  const stored = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ impressions: number }>(
      'select coalesce(sum(h.impressions), 0)::int as impressions from ad_stats_hourly h join ad_slot s on s.id = h.slot_id where h.creative_id = $1 and s.key = $2',
      [slot.creativeId, slot.key],
    );
    return rows[0].impressions;
  });
  return { acknowledged: ads.filter((o) => o.acknowledged).length, stored, refused: ads.filter((o) => !o.acknowledged).length };
}

export interface PublishCheck {
  acknowledged: number;
  /** Acknowledged, PUBLISHED, and exactly one article.published row for the run's webhook. */
  acknowledgedWhole: number;
  failed: number;
  /** Failed yet PUBLISHED: the publish's COMMIT went through as the connection died (in doubt, like a save). */
  failedPublished: number;
  /** article.published rows of the webhook, in all. */
  outboxRows: number;
  /** Articles of the run that are PUBLISHED without exactly one row, or not PUBLISHED with one; plus rows for no article of the run. */
  mismatched: number;
}

/**
 * The outbox against the publishes: an article the run sent to publishArticle is PUBLISHED with
 * exactly one article.published delivery for `webhookId` (the body's data.articleId names it), or
 * is not PUBLISHED and has none; no delivery is for anything else.
 */
export async function checkPublishes(databaseUrl: string, webhookId: string, outcomes: Outcome[]): Promise<{ publishes: PublishCheck; failedButPublished: Outcome[] }> {
  const publishes = outcomes.filter((o) => o.kind === 'publish');
  return withClient(databaseUrl, async (client) => {
    const rows = await queryByTitles<{ title: string; status: string; deliveries: number }>(
      client,
      `select a.title, a.status,
              (select count(*) from webhook_delivery d
               where d.webhook_id = $2 and d.event = 'article.published' and d.body::jsonb #>> '{data,articleId}' = a.id::text)::int as deliveries
       from article a where a.title = any($1::text[])`,
      publishes.map((o) => o.key!),
      [webhookId],
    );
    const { rows: total } = await client.query<{ n: number }>("select count(*)::int as n from webhook_delivery where webhook_id = $1 and event = 'article.published'", [webhookId]);
    const byTitle = new Map(rows.map((row) => [row.title, row]));
    const published = (o: Outcome) => byTitle.get(o.key!)?.status === 'PUBLISHED';
    const acknowledged = publishes.filter((o) => o.acknowledged);
    const failed = publishes.filter((o) => !o.acknowledged);
    const whole = (row: { status: string; deliveries: number }) => (row.status === 'PUBLISHED' ? row.deliveries === 1 : row.deliveries === 0);
    const matchedRows = rows.reduce((sum, row) => sum + row.deliveries, 0);
    return {
      publishes: {
        acknowledged: acknowledged.length,
        acknowledgedWhole: acknowledged.filter((o) => published(o) && byTitle.get(o.key!)!.deliveries === 1).length,
        failed: failed.length,
        failedPublished: failed.filter(published).length,
        outboxRows: total[0].n,
        mismatched: rows.filter((row) => !whole(row)).length + (total[0].n - matchedRows),
      },
      failedButPublished: failed.filter(published),
    };
  });
}

/** Runs `sql` (whose $1 is a text[] of titles) over the titles 1,000 at a time; the rows of all. */
async function queryByTitles<Row extends object>(client: Client, sql: string, titles: string[], parameters: unknown[] = []): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < titles.length; i += 1000) rows.push(...(await client.query<Row>(sql, [titles.slice(i, i + 1000), ...parameters])).rows);
  return rows;
}

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
