import type { Knex } from '@mikro-orm/postgresql';
import { publicArticleCondition } from '../article';

/**
 * One statement per batch of views: adds each article's views to its total (article.view_count)
 * and to today's row in article_views_daily, for the articles the public can see, and returns
 * those articles' ids. Views of one article in a batch become one row update, whatever their
 * number: concurrent readers of a hot article never queue on its row lock one view at a time.
 *
 * - Visibility is decided here, in the same statement (no separate lookup that could go stale).
 * - Article rows are locked in id order before anything is written, and each daily row belongs to
 *   an article row the statement holds: batches of several instances cannot deadlock each other.
 * - The day is PostgreSQL's now() in the newsroom's time zone: every instance agrees on it.
 * - Autocommit: when the promise resolves the counts are committed; when it rejects, nothing is.
 */
const COUNT_VIEWS_SQL = `
with input as (
  select id, sum(n)::int as n from unnest(?::uuid[], ?::int[]) as t(id, n) group by id
),
target as materialized (
  select a.id, i.n
  from article a join input i on i.id = a.id
  where ${publicArticleCondition('a')}
  order by a.id
  for update of a
),
totals as (
  update article a set view_count = a.view_count + t.n from target t where a.id = t.id
),
daily as (
  insert into article_views_daily (article_id, day, views)
  select t.id, (now() at time zone ?)::date, t.n from target t order by t.id
  on conflict (article_id, day) do update set views = article_views_daily.views + excluded.views
)
select id from target`;

/** deadlock_detected, serialization_failure: safe to run the statement again (nothing was written). */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** Counts views (article ids, repeats allowed); returns the set of ids that were counted. */
export async function countArticleViews(knex: Knex, timezone: string, articleIds: readonly string[]): Promise<Set<string>> {
  const perArticle = new Map<string, number>();
  for (const id of articleIds) perArticle.set(id, (perArticle.get(id) ?? 0) + 1);
  const bindings = [[...perArticle.keys()], [...perArticle.values()], timezone];
  for (let attempt = 1; ; attempt++) {
    try {
      const result = (await knex.raw(COUNT_VIEWS_SQL, bindings)) as { rows: { id: string }[] };
      return new Set(result.rows.map((row) => row.id));
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}
