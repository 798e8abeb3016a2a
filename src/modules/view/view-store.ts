import type { Knex } from '@mikro-orm/postgresql';
import { retryOnTransactionConflict } from '../../db/transaction';
import { addArticleViews } from '../article';

/**
 * One statement per batch of views: the article module's part adds each article's views to its
 * total (article.view_count) for the articles the public can see, and yields them as `counted`;
 * this part adds them to today's row in article_views_daily and returns those articles' ids.
 * Views of one article in a batch become one row update, whatever their number: concurrent
 * readers of a hot article never queue on its row lock one view at a time.
 *
 * - Visibility is decided in the same statement (no separate lookup that could go stale).
 * - Article rows are locked in id order before anything is written, and each daily row belongs to
 *   an article row the statement holds: batches of several instances cannot deadlock each other.
 * - The day is PostgreSQL's now() in the newsroom's time zone: every instance agrees on it.
 * - Autocommit: when the promise resolves the counts are committed; when it rejects, nothing is.
 */
const COUNT_VIEWS_SQL = `
with counted as (?)
insert into article_views_daily (article_id, day, views)
select c.id, (now() at time zone ?)::date, c.n from counted c order by c.id
on conflict (article_id, day) do update set views = article_views_daily.views + excluded.views
returning article_id as id`;

/** Counts views (article ids, repeats allowed); returns the set of ids that were counted. */
export async function countArticleViews(knex: Knex, timezone: string, articleIds: readonly string[]): Promise<Set<string>> {
  const perArticle = new Map<string, number>();
  for (const id of articleIds) perArticle.set(id, (perArticle.get(id) ?? 0) + 1);
  const statement = () => knex.raw(COUNT_VIEWS_SQL, [addArticleViews(knex, perArticle), timezone]);
  const result = (await retryOnTransactionConflict(statement)) as { rows: { id: string }[] };
  return new Set(result.rows.map((row) => row.id));
}
