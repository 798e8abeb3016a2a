import type { Knex } from '@mikro-orm/postgresql';
import { retryOnTransactionConflict } from '../../db/transaction';

/** The counters of an hourly bucket; the names are columns of ad_stats_hourly. */
export type AdCounter = 'served' | 'impressions' | 'viewable' | 'clicks';
const COLUMNS: Record<AdCounter, string> = { served: 'served', impressions: 'impressions', viewable: 'viewable', clicks: 'clicks' };

/** "creative id|slot id": one bucket's subject. */
export type PlacementKey = `${string}|${string}`;
export const placementKey = (creativeId: string, slotId: string): PlacementKey => `${creativeId}|${slotId}`;

/**
 * One statement per batch: adds each (creative, slot)'s count to its bucket of the current hour on
 * the newsroom's clock (PostgreSQL's now(), so instances agree), and returns the placements it
 * counted. A creative or slot that no longer exists is skipped, never an error. Rows are written
 * in key order, so concurrent batches of several instances cannot deadlock.
 */
export async function addAdStats(knex: Knex, timezone: string, counter: AdCounter, counts: ReadonlyMap<PlacementKey, number>): Promise<Set<PlacementKey>> {
  const column = COLUMNS[counter];
  const creativeIds: string[] = [];
  const slotIds: string[] = [];
  for (const key of counts.keys()) {
    const [creativeId, slotId] = key.split('|');
    creativeIds.push(creativeId);
    slotIds.push(slotId);
  }
  const sql = `
insert into ad_stats_hourly (creative_id, slot_id, hour, ${column})
select cr.id, s.id, date_trunc('hour', now() at time zone ?), i.n
from unnest(?::uuid[], ?::uuid[], ?::int[]) as i(creative_id, slot_id, n)
join ad_creative cr on cr.id = i.creative_id
join ad_slot s on s.id = i.slot_id
order by cr.id, s.id
on conflict (creative_id, slot_id, hour) do update set ${column} = ad_stats_hourly.${column} + excluded.${column}
returning creative_id, slot_id`;
  const statement = () => knex.raw(sql, [timezone, creativeIds, slotIds, [...counts.values()]]);
  const result = (await retryOnTransactionConflict(statement)) as { rows: { creative_id: string; slot_id: string }[] };
  return new Set(result.rows.map((row) => placementKey(row.creative_id, row.slot_id)));
}

export interface DailyAdStatsRow {
  day: string;
  served: number;
  impressions: number;
  viewable: number;
  clicks: number;
}

/** Sums per newsroom day between two days (both included) of the creatives matching `creatives` (a subquery of ids). */
export async function dailyAdStats(knex: Knex, creatives: Knex.QueryBuilder, from: string, to: string): Promise<DailyAdStatsRow[]> {
  const rows: Record<keyof DailyAdStatsRow, string>[] = await knex('ad_stats_hourly as s')
    .select({ day: knex.raw("to_char(s.hour, 'YYYY-MM-DD')") })
    .sum({ served: 's.served', impressions: 's.impressions', viewable: 's.viewable', clicks: 's.clicks' })
    .whereIn('s.creative_id', creatives)
    .where('s.hour', '>=', from)
    .where('s.hour', '<', knex.raw("?::date + 1", [to]))
    .groupByRaw("to_char(s.hour, 'YYYY-MM-DD')");
  return rows.map((row) => ({ day: row.day, served: Number(row.served), impressions: Number(row.impressions), viewable: Number(row.viewable), clicks: Number(row.clicks) }));
}
