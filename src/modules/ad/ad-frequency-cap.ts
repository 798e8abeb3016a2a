import { DateTime } from 'luxon';
import type { Redis } from 'ioredis';
import { CapPeriod } from './ad.enums';

const LUXON_UNIT = { [CapPeriod.HOUR]: 'hour', [CapPeriod.DAY]: 'day', [CapPeriod.WEEK]: 'week' } as const;

/**
 * The calendar period holding `at` in the newsroom's zone: its start as a key ("2026-11-27T00:00")
 * and the instant it ends. Luxon does the zone arithmetic (DST included); weeks are ISO weeks, from Monday.
 */
export function capPeriodOf(period: CapPeriod, at: Date, timezone: string): { key: string; endsAt: number } {
  const start = DateTime.fromJSDate(at, { zone: timezone }).startOf(LUXON_UNIT[period]);
  return { key: start.toFormat("yyyy-MM-dd'T'HH:mm"), endsAt: start.plus({ [LUXON_UNIT[period]]: 1 }).toMillis() };
}

/** Servings per key (campaign, period, visitor); a key disappears when its period ends. */
export interface CapCounter {
  /** Adds one serving and answers the count so far, this one included. */
  increment(key: string, expiresAt: number): Promise<number>;
}

/**
 * In process: one instance's count only. Bounded like the view dedupe: past `maxKeys` the oldest
 * keys are forgotten first (such a visitor may see the campaign again).
 */
export class MemoryCapCounter implements CapCounter {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();

  constructor(
    private readonly maxKeys = 200_000,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, expiresAt: number): Promise<number> {
    const now = this.now();
    const entry = this.counts.get(key);
    if (entry && entry.expiresAt > now) {
      entry.count += 1;
      return entry.count;
    }
    this.counts.delete(key);
    for (const [oldKey, old] of this.counts) {
      if (old.expiresAt > now && this.counts.size < this.maxKeys) break;
      this.counts.delete(oldKey);
    }
    this.counts.set(key, { count: 1, expiresAt });
    return 1;
  }
}

/** Shared by every instance: INCR, and the key expires at the period's end (PEXPIREAT), in one round trip. */
export class RedisCapCounter implements CapCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, expiresAt: number): Promise<number> {
    const results = await this.redis.multi().incr(`${this.prefix}${key}`).pexpireat(`${this.prefix}${key}`, expiresAt).exec();
    const [error, count] = results?.[0] ?? [new Error('no reply'), null];
    if (error) throw error;
    return Number(count);
  }
}
