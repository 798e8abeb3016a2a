import type { Knex } from '@mikro-orm/postgresql';
import { rankArticlesByViews, type ArticleRow } from '../article';
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
export function mostViewedArticles(knex: Knex, timezone: string, query: MostViewedQuery): Promise<ArticleRow[]> {
  const { limit, categorySlug } = query;
  if (query.period === ViewPeriod.ALL_TIME) return rankArticlesByViews(knex, { limit, categorySlug });
  return rankArticlesByViews(knex, { limit, categorySlug, views: periodViews(knex, timezone, PERIOD_DAYS[query.period]) });
}

/** (article_id, views) over the last `days` newsroom days, today included. */
function periodViews(knex: Knex, timezone: string, days: number): Knex.QueryBuilder {
  const today = knex.raw('(now() at time zone ?)::date', [timezone]);
  return knex('article_views_daily as d')
    .select('d.article_id')
    .sum({ views: 'd.views' })
    .where('d.day', '>', knex.raw('? - ?::int', [today, days]))
    .where('d.day', '<=', today)
    .groupBy('d.article_id');
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
