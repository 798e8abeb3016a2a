import type { Knex } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MemoryDedupe, RedisDedupe, type ReaderFingerprint } from '../metering';
import { AdEligibilityCache } from './ad-eligibility-cache';
import type { ServableCreative, ServableSlot, SlotCandidate } from './ad-eligibility';
import { capPeriodOf, MemoryCapCounter, RedisCapCounter, type CapCounter } from './ad-frequency-cap';
import { AdMetering, type MeteredAdEvent } from './ad-metering';
import { pickCreatives } from './ad-selection';
import { AdTokenCodec } from './ad-token';

export interface AdServerOptions {
  knex: Knex;
  log: Logger;
  redis?: Redis;
  appSecret: string;
  timezone: string;
  publicUrl: string;
  tokenTtlSeconds: number;
  eventBatchMs: number;
  servedBatchMs: number;
  /** Keeps deployments sharing one Redis apart (pub/sub channel, cap keys). */
  namespace: string;
}

/** The page a slot is on, as far as targeting goes. */
export interface PageContext {
  categorySlug: string | null;
  /** Asked only when a candidate targets categories and no slug was given (an article page). */
  categoryId: () => Promise<string | null>;
}

export interface Serving {
  creative: ServableCreative;
  impressionToken: string;
  clickUrl: string;
}

/**
 * One per process: the eligible set, frequency caps, tokens and counting. A serving reads memory
 * only (no SQL); the served counter is written in the background, in batches.
 */
export class AdServer {
  readonly eligibility: AdEligibilityCache;
  readonly tokens: AdTokenCodec;
  readonly metering: AdMetering;
  private readonly caps: CapCounter;

  constructor(private readonly options: AdServerOptions) {
    const { redis, namespace } = options;
    this.eligibility = new AdEligibilityCache({ knex: options.knex, log: options.log, redis, channel: `bulletin:ads:${namespace}:changed` });
    this.tokens = new AdTokenCodec(options.appSecret, options.tokenTtlSeconds);
    this.caps = redis ? new RedisCapCounter(redis, `bulletin:adcap:${namespace}:`) : new MemoryCapCounter();
    const tokenLifetimeMs = options.tokenTtlSeconds * 1000;
    this.metering = new AdMetering({
      knex: options.knex,
      timezone: options.timezone,
      appSecret: options.appSecret,
      dedupe: redis ? new RedisDedupe(redis, tokenLifetimeMs, `bulletin:dedupe:${namespace}:`) : new MemoryDedupe(tokenLifetimeMs),
      eventBatchMs: options.eventBatchMs,
      servedBatchMs: options.servedBatchMs,
      log: options.log,
      onImpressions: (creativeId, count) => this.eligibility.delivered(creativeId, count),
    });
  }

  start(): Promise<void> {
    return this.eligibility.start();
  }

  async close(): Promise<void> {
    await this.metering.close();
    await this.eligibility.close();
  }

  async slot(key: string): Promise<ServableSlot | undefined> {
    return (await this.eligibility.get()).slots.get(key);
  }

  /** Up to `limit` ads for one reader on one page; [] when nothing is eligible. */
  async serve(slot: ServableSlot, page: PageContext, limit: number, reader: ReaderFingerprint): Promise<Serving[]> {
    const now = Date.now();
    let candidates = slot.candidates.filter(({ campaign }) => {
      if (campaign.startsAt !== null && campaign.startsAt > now) return false;
      if (campaign.endsAt !== null && campaign.endsAt <= now) return false;
      return campaign.goal === null || campaign.delivered < campaign.goal;
    });
    if (candidates.some(({ campaign }) => campaign.targets !== null)) {
      const categoryId = page.categorySlug === null ? await page.categoryId() : null;
      candidates = candidates.filter(({ campaign: { targets } }) => targets === null || (page.categorySlug !== null ? targets.slugs.has(page.categorySlug) : categoryId !== null && targets.ids.has(categoryId)));
    }
    const picked = await pickCreatives(candidates, limit, (candidate) => this.underCap(candidate, reader, now));
    return picked.map(({ creative }) => {
      const { token } = this.tokens.issue(creative.id, slot.id);
      this.metering.serving(creative.id, slot.id);
      return { creative, impressionToken: token, clickUrl: `${this.options.publicUrl}/ads/click/${token}` };
    });
  }

  /** Counts a reported event of each valid token (once per token and kind); answers how many counted. */
  async record(tokens: readonly string[], event: MeteredAdEvent, reader: ReaderFingerprint): Promise<number> {
    const results = await Promise.all(
      tokens.map((token) => {
        const claim = this.tokens.verify(token);
        return claim ? this.metering.record(event, claim, reader) : false;
      }),
    );
    return results.filter(Boolean).length;
  }

  /**
   * Where a click on this token goes: the creative's stored URL, never anything from the request;
   * null for a forged, altered or expired token. `reader` counts the click; without one (HEAD) nothing counts.
   */
  async click(token: string, reader: ReaderFingerprint | null): Promise<string | null> {
    const claim = this.tokens.verify(token);
    if (!claim) return null;
    const row: { click_url: string } | undefined = await this.options.knex('ad_creative').first('click_url').where('id', claim.creativeId);
    if (!row) return null;
    if (reader) await this.metering.record('clicks', claim, reader);
    return row.click_url;
  }

  /**
   * Counts this serving against the campaign's cap (per visitor and calendar period). If the
   * counter cannot be reached the capped campaign is skipped: better a missed serving than a
   * cap exceeded.
   */
  private async underCap({ campaign }: SlotCandidate, reader: ReaderFingerprint, now: number): Promise<boolean> {
    if (campaign.cap === null) return true;
    const period = capPeriodOf(campaign.cap.period, new Date(now), this.options.timezone);
    const visitor = this.metering.visitorInPeriod(reader, `${campaign.cap.period}:${period.key}`);
    try {
      return (await this.caps.increment(`${campaign.id}:${period.key}:${visitor}`, period.endsAt)) <= campaign.cap.max;
    } catch (error) {
      this.options.log.error({ err: error }, 'frequency cap counter unavailable: capped campaign skipped');
      return false;
    }
  }
}
