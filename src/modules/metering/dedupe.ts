import type { Redis } from 'ioredis';

/**
 * "Once per window": the first claim of a key within the window wins, later ones lose until the
 * window has passed. Keys live in a namespace (article views, later ad impressions and clicks).
 * Callers pass keys that are already hashes: no raw address is ever stored.
 */
export interface Dedupe {
  /** True when this is the first claim of the key within the window (and it is now taken). */
  claim(namespace: string, key: string): Promise<boolean>;
  /** Gives the key back (the claimed event was not recorded after all). */
  release(namespace: string, key: string): Promise<void>;
}

/**
 * In process: one instance's view only. Bounded: past `maxKeys` the oldest claims are forgotten
 * first (a visitor among them may count again), so a flood of distinct visitors cannot exhaust
 * memory. Every claim has the same window, so insertion order is expiry order.
 */
export class MemoryDedupe implements Dedupe {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 200_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(namespace: string, key: string): Promise<boolean> {
    const now = this.now();
    this.evict(now);
    const id = `${namespace}:${key}`;
    const expiresAt = this.expiries.get(id);
    if (expiresAt !== undefined && expiresAt > now) return false;
    // Deleting first puts a re-claimed key at the end of the insertion order.
    this.expiries.delete(id);
    this.expiries.set(id, now + this.windowMs);
    return true;
  }

  async release(namespace: string, key: string): Promise<void> {
    this.expiries.delete(`${namespace}:${key}`);
  }

  get size(): number {
    return this.expiries.size;
  }

  private evict(now: number): void {
    for (const [id, expiresAt] of this.expiries) {
      if (expiresAt > now && this.expiries.size < this.maxKeys) break;
      this.expiries.delete(id);
    }
  }
}

/** Shared by every instance: SET NX PX, one round trip per claim; the key expires on its own. */
export class RedisDedupe implements Dedupe {
  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
    private readonly prefix = 'bulletin:dedupe:',
  ) {}

  async claim(namespace: string, key: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}${namespace}:${key}`, '1', 'PX', this.windowMs, 'NX')) === 'OK';
  }

  async release(namespace: string, key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${namespace}:${key}`);
  }
}
