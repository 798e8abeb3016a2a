import type { Knex } from '@mikro-orm/postgresql';
import { ARTICLE_COLUMNS, applyPublicFilter, type ArticleRow } from '../article';
import { categorySubtreeIds } from '../category';
import { PERIOD_DAYS, ViewPeriod } from './view-period';

export interface MostViewedQuery {
  period: ViewPeriod;
  limit: number;
  /** Already cleaned and lower-cased. */
  categorySlug: string | null;
}

/**
 * Public articles ranked by views in a period (newsroom days, counted by PostgreSQL's clock), or by
 * their total for ALL_TIME. Ties: newer first, then id. A period lists only articles read in it.
 */
export async function mostViewedArticles(knex: Knex, timezone: string, query: MostViewedQuery): Promise<ArticleRow[]> {
  const qb = knex('article as a').select(ARTICLE_COLUMNS);
  applyPublicFilter(qb);
  if (query.categorySlug !== null) qb.whereIn('a.category_id', categorySubtreeIds(knex, query.categorySlug));
  if (query.period === ViewPeriod.ALL_TIME) {
    qb.orderByRaw('a.view_count desc, a.published_at desc, a.id desc');
  } else {
    const today = knex.raw('(now() at time zone ?)::date', [timezone]);
    const inPeriod = knex('article_views_daily as d')
      .select('d.article_id')
      .sum({ views: 'd.views' })
      .where('d.day', '>', knex.raw('? - ?::int', [today, PERIOD_DAYS[query.period]]))
      .where('d.day', '<=', today)
      .groupBy('d.article_id')
      .as('v');
    qb.join(inPeriod, 'v.article_id', 'a.id').orderByRaw('v.views desc, a.published_at desc, a.id desc');
  }
  return (await qb.limit(query.limit)) as ArticleRow[];
}

export interface DailyViewsRow {
  articleId: string;
  day: string;
  views: number;
}

/** The daily rows of these articles between two days (both included); days without views have no row. */
export async function dailyViews(knex: Knex, articleIds: readonly string[], from: string, to: string): Promise<DailyViewsRow[]> {
  return (await knex('article_views_daily as d')
    .select({ articleId: 'd.article_id', day: knex.raw("to_char(d.day, 'YYYY-MM-DD')"), views: 'd.views' })
    .whereIn('d.article_id', articleIds as string[])
    .whereBetween('d.day', [from, to])) as DailyViewsRow[];
}
