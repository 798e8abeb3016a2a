import type { Client } from 'pg';

/** What the database holds of views, to check against what the server acknowledged. */

export interface Stored {
  /** Sum of article.view_count over every article. */
  total: number;
  /** Sum of article_views_daily.views over every row (all days: a run may cross midnight). */
  daily: number;
  perArticle: Map<string, number>;
}

export async function stored(db: Client): Promise<Stored> {
  const articles = await db.query<{ id: string; view_count: number }>('select id, view_count from article');
  const daily = await db.query<{ sum: string | null }>('select sum(views) from article_views_daily');
  const perArticle = new Map(articles.rows.map((row) => [row.id, Number(row.view_count)]));
  let total = 0;
  for (const count of perArticle.values()) total += count;
  return { total, daily: Number(daily.rows[0].sum ?? 0), perArticle };
}

export function mergeAcknowledged(into: Map<string, number>, from: Map<string, number>): void {
  for (const [id, count] of from) into.set(id, (into.get(id) ?? 0) + count);
}

/** Every article's stored delta against its acknowledged views: the first mismatches, or none. */
export function perArticleMismatches(before: Stored, after: Stored, acknowledged: Map<string, number>): string[] {
  const problems: string[] = [];
  for (const [id, count] of after.perArticle) {
    const delta = count - (before.perArticle.get(id) ?? 0);
    const expected = acknowledged.get(id) ?? 0;
    if (delta !== expected && problems.length < 5) problems.push(`${id}: stored +${delta}, acknowledged ${expected}`);
  }
  return problems;
}
