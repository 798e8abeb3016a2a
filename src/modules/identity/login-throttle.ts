import type { Redis } from 'ioredis';

/**
 * Counts failed logins per key (an account, a client address) in a fixed window that starts with
 * the first failure. Past the limit, logins for that key are refused until the window ends —
 * even with the right password, so guessing gains nothing.
 */
export interface LoginThrottle {
  /**
   * Counts one attempt up front and atomically, and says how long the key is blocked (0 = go on).
   * Counting before the password check means parallel guesses cannot all slip under the limit;
   * a successful attempt is given back with `forgive`.
   */
  attempt(key: string): Promise<number>;
  forgive(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export class MemoryLoginThrottle implements LoginThrottle {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  async blockedFor(key: string): Promise<number> {
    const window = this.current(key);
    return window && window.count >= this.maxFailures ? Math.ceil((window.endsAt - this.now()) / 1000) : 0;
  }

  async recordFailure(key: string): Promise<void> {
    const window = this.current(key);
    if (window) window.count += 1;
    else this.windows.set(key, { count: 1, endsAt: this.now() + this.windowMs });
    if (this.windows.size > 100_000) this.evictExpired();
  }

  async attempt(key: string): Promise<number> {
    const blocked = await this.blockedFor(key);
    if (blocked > 0) return blocked;
    await this.recordFailure(key);
    return 0;
  }

  async forgive(key: string): Promise<void> {
    const window = this.current(key);
    if (window && window.count > 0) window.count -= 1;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private current(key: string) {
    const window = this.windows.get(key);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/** The same rule in Redis, so every instance behind the load balancer shares the counters. */
export class RedisLoginThrottle implements LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly prefix = 'bulletin:login-failures:',
  ) {}

  async attempt(key: string): Promise<number> {
    // INCR then PEXPIRE NX in one round trip: the window starts with the first attempt only.
    const results = await this.redis.multi().incr(this.prefix + key).pexpire(this.prefix + key, this.windowMs, 'NX').pttl(this.prefix + key).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? 0);
    return count > this.maxFailures && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
  }

  async forgive(key: string): Promise<void> {
    // Only while the window lives: a DECR on an expired key would create a negative count with no expiry.
    await this.redis.eval("if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0", 1, this.prefix + key);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
