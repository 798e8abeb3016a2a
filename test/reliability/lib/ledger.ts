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
    const stored = new Map<string, number>();
    const titles = saves.map((o) => o.key!);
    for (let i = 0; i < titles.length; i += 1000) {
      const { rows } = await client.query<{ title: string; revisions: string }>(
        `select a.title, (select count(*) from article_revision r where r.article_id = a.id) as revisions
         from article a where a.title = any($1::text[])`,
        [titles.slice(i, i + 1000)],
      );
      for (const row of rows) stored.set(row.title, Number(row.revisions));
    }
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

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
