import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import type { DailyViewsModel } from './view.models';
import { dailyViews } from './view.queries';

export interface ViewStatsKey {
  articleId: string;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** Every day from `from` to `to` (YYYY-MM-DD, both included). Calendar arithmetic in UTC: no zone shifts. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); at <= end; at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

export function createViewLoaders(knex: Knex) {
  return {
    /** Daily views per article and range, zeros filled: one query per distinct range in a request. */
    articleViewStats: new DataLoader<ViewStatsKey, DailyViewsModel[], string>(
      async (keys) => {
        const byRange = new Map<string, ViewStatsKey[]>();
        for (const key of keys) {
          const range = `${key.from}|${key.to}`;
          byRange.set(range, [...(byRange.get(range) ?? []), key]);
        }
        const views = new Map<string, number>();
        await Promise.all(
          [...byRange.values()].map(async (group) => {
            const rows = await dailyViews(knex, [...new Set(group.map((key) => key.articleId))], group[0].from, group[0].to);
            for (const row of rows) views.set(`${row.articleId}|${row.day}`, Number(row.views));
          }),
        );
        return keys.map((key) => daysBetween(key.from, key.to).map((day) => ({ day, views: views.get(`${key.articleId}|${day}`) ?? 0 })));
      },
      { cacheKeyFn: (key) => `${key.articleId}|${key.from}|${key.to}` },
    ),
  };
}
