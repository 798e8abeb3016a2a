import type { Knex } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { loadEligibleSet, type EligibleSet } from './ad-eligibility';

/** With an impression goal running, other instances' impressions are read again at least this often. */
export const GOAL_REFRESH_MS = 30_000;

export interface AdEligibilityCacheOptions {
  knex: Knex;
  log: Logger;
  /** With Redis, a change on any instance reloads every instance (pub/sub on `channel`). */
  redis?: Redis;
  channel: string;
}

/**
 * The eligible set held in memory per instance: a serving reads it and runs no SQL. It is read
 * again after a change to a slot, campaign or creative (on this instance at once; on the others
 * when the Redis message arrives), when a campaign reaches its impression goal here, and, while
 * any campaign has a goal, every GOAL_REFRESH_MS. Dates need no reload: each serving checks them.
 */
export class AdEligibilityCache {
  private current: EligibleSet | undefined;
  private loading: Promise<EligibleSet> | undefined;
  private subscriber: Redis | undefined;

  constructor(private readonly options: AdEligibilityCacheOptions) {}

  /** Subscribes to other instances' changes. */
  async start(): Promise<void> {
    const { redis, channel, log } = this.options;
    if (!redis) return;
    this.subscriber = redis.duplicate({ connectionName: 'bulletin-ads' });
    this.subscriber.on('message', (from) => {
      if (from === channel) this.invalidate();
    });
    this.subscriber.on('error', (error) => log.warn({ err: error }, 'ad change subscription: Redis error'));
    await this.subscriber.subscribe(channel);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  get(): Promise<EligibleSet> {
    const current = this.current;
    if (current && !(this.hasGoals(current) && Date.now() - current.loadedAt >= GOAL_REFRESH_MS)) return Promise.resolve(current);
    if (!this.loading) {
      const loading = loadEligibleSet(this.options.knex).then(
        (set) => {
          // Kept only if no change invalidated it while it was being read.
          if (this.loading === loading) {
            this.current = set;
            this.loading = undefined;
          }
          return set;
        },
        (error: unknown) => {
          if (this.loading === loading) this.loading = undefined;
          throw error;
        },
      );
      this.loading = loading;
    }
    return this.loading;
  }

  /** After a change on this instance: reload here, and tell the others. */
  changed(): void {
    this.invalidate();
    this.options.redis?.publish(this.options.channel, 'changed').catch((error: unknown) => this.options.log.warn({ err: error }, 'could not announce an ad change'));
  }

  /** Impressions of a creative this instance counted; a campaign reaching its goal stops serving everywhere. */
  delivered(creativeId: string, impressions: number): void {
    const creative = this.current?.creatives.get(creativeId);
    const campaign = creative && this.current?.campaigns.get(creative.campaignId);
    if (!campaign || campaign.goal === null) return;
    campaign.delivered += impressions;
    if (campaign.delivered >= campaign.goal) this.changed();
  }

  private invalidate(): void {
    this.current = undefined;
    this.loading = undefined;
  }

  private hasGoals(set: EligibleSet): boolean {
    for (const campaign of set.campaigns.values()) if (campaign.goal !== null) return true;
    return false;
  }
}
