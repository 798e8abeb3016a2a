import type { Knex } from '@mikro-orm/postgresql';
import { categorySubtreeIds } from '../category';
import { applyPublicFilter, publicArticleCondition } from './article.policy';
import { ARTICLE_COLUMNS, type ArticleRow } from './article.queries';

/**
 * The article side of counting views: article.view_count, the total a reader sees. The view
 * module keeps the per-day figures and calls these; SQL on the article table stays here.
 */

/**
 * Visibility and the lock in one statement: the public articles among the input are locked in id
 * order (FOR UPDATE) before any is written, so two batches naming the same articles queue instead
 * of deadlocking, and an article cannot be unpublished between this check and the commit.
 */
const ADD_VIEWS_SQL = `
with input as (
  select id, n from unnest(?::uuid[], ?::int[]) as t(id, n)
),
target as materialized (
  select a.id, i.n
  from article a join input i on i.id = a.id
  where ${publicArticleCondition('a')}
  order by a.id
  for update of a
)
update article a set view_count = a.view_count + t.n from target t where a.id = t.id
returning a.id, t.n`;

/**
 * The statement that adds `views` (article id → views to add) to the totals of those articles the
 * public can see, returning rows (id, n) of what it added; ids it skips (unknown, unpublished,
 * deleted) have no row. Run it as a CTE of the statement that writes whatever else goes with these
 * views (`with counted as (?) insert …`): one statement, so nothing is counted unless all of it
 * commits, and the article rows stay locked until then.
 */
export function addArticleViews(knex: Knex, views: ReadonlyMap<string, number>): Knex.Raw {
  return knex.raw(ADD_VIEWS_SQL, [[...views.keys()], [...views.values()]]);
}

export interface ArticleRankingQuery {
  limit: number;
  /** Only this category and its subcategories; already cleaned and lower-cased. */
  categorySlug: string | null;
  /**
   * Rows (article_id, views) to rank by, such as the views of a period; absent: the totals
   * (view_count). With it, only articles that have a row are listed.
   */
  views?: Knex.QueryBuilder;
}

/** Public articles, most viewed first; ties: newer first, then id. */
export async function rankArticlesByViews(knex: Knex, query: ArticleRankingQuery): Promise<ArticleRow[]> {
  const qb = knex('article as a').select(ARTICLE_COLUMNS);
  applyPublicFilter(qb);
  if (query.categorySlug !== null) qb.whereIn('a.category_id', categorySubtreeIds(knex, query.categorySlug));
  if (query.views === undefined) {
    qb.orderByRaw('a.view_count desc, a.published_at desc, a.id desc');
  } else {
    qb.join(query.views.clone().as('v'), 'v.article_id', 'a.id').orderByRaw('v.views desc, a.published_at desc, a.id desc');
  }
  return (await qb.limit(query.limit)) as ArticleRow[];
}
