import { createHmac } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { isbot } from 'isbot';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { isUuid } from '../../shared/uuid';
import { GroupCommitBatcher } from './view-batcher';
import { MemoryDedupe, RedisDedupe, type Dedupe } from './view-dedupe';
import { countArticleViews } from './view-store';

/** Who is reading, as far as counting goes. Neither part is stored: only an HMAC of both. */
export interface ReaderFingerprint {
  address: string;
  userAgent: string;
}

/** The dedupe namespace of article views (ad impressions and clicks will have their own). */
const ARTICLE_VIEW = 'article-view';
/** Largest batch: one statement with two arrays of this many elements at most. */
export const MAX_VIEW_BATCH = 1000;

export interface ViewRecorderDeps {
  dedupe: Dedupe;
  /** Counts a batch of article ids; resolves with the ids that were counted, once committed. */
  count: (articleIds: string[]) => Promise<Set<string>>;
  appSecret: string;
  timezone: string;
  batchMs: number;
  log: Logger;
  now?: () => Date;
}

/**
 * The pipeline of one view: well-formed id → not a bot → first time for this visitor and article
 * in the window → batched write → true only once committed. Never throws: a reader gets false
 * whatever went wrong (the cause goes to the log).
 */
export class ViewRecorder {
  private readonly batcher: GroupCommitBatcher<string, boolean>;
  private salt: { day: string; key: Buffer } | undefined;
  private readonly dayFormat: Intl.DateTimeFormat;
  private dayOfMinute: { minute: number; day: string } | undefined;

  constructor(private readonly deps: ViewRecorderDeps) {
    this.dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.batcher = new GroupCommitBatcher<string, boolean>({
      maxWaitMs: deps.batchMs,
      maxItems: MAX_VIEW_BATCH,
      flush: async (ids) => {
        try {
          const counted = await deps.count(ids);
          return ids.map((id) => counted.has(id));
        } catch (error) {
          // Logged once per batch; every view in it answers false and gives its dedupe key back.
          deps.log.error({ err: error, views: ids.length }, 'a batch of article views failed to commit: none of them was counted');
          throw error;
        }
      },
    });
  }

  async record(articleId: string, reader: ReaderFingerprint): Promise<boolean> {
    if (!isUuid(articleId)) return false;
    const userAgent = reader.userAgent.trim();
    // CASE: no user agent at all is a script, not a browser.
    if (userAgent === '' || isbot(userAgent)) return false;
    const id = articleId.toLowerCase();
    const key = `${id}:${this.visitor(reader.address, userAgent)}`;
    try {
      if (!(await this.deps.dedupe.claim(ARTICLE_VIEW, key))) return false;
    } catch (error) {
      // CASE: without the dedupe store a refresh could count again: count nothing rather than too much.
      this.deps.log.error({ err: error }, 'view dedupe unavailable: view not counted');
      return false;
    }
    let counted = false;
    try {
      counted = await this.batcher.add(id);
    } catch {
      // Logged by the batch.
    }
    // CASE: not counted (unknown, unpublished, or the write failed): the visitor may count later.
    if (!counted) await this.deps.dedupe.release(ARTICLE_VIEW, key).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not release a view dedupe key'));
    return counted;
  }

  /** Writes pending views now, and later ones at once; resolves when none is pending (see GroupCommitBatcher.close). */
  close(): Promise<void> {
    return this.batcher.close();
  }

  /** The newsroom's calendar day of a moment, "2026-11-27". */
  newsroomDay(at: Date): string {
    // Zone offsets are whole minutes, so the day can only change on a minute: format once per minute.
    const minute = Math.floor(at.getTime() / 60_000);
    if (this.dayOfMinute?.minute !== minute) {
      const parts = Object.fromEntries(this.dayFormat.formatToParts(at).map((part) => [part.type, part.value]));
      this.dayOfMinute = { minute, day: `${parts.year}-${parts.month}-${parts.day}` };
    }
    return this.dayOfMinute.day;
  }

  /**
   * HMAC(daily salt, address + user agent); the salt is HMAC(APP_SECRET, newsroom day), so every
   * instance derives the same visitor for the same reader, and yesterday's hashes cannot be linked
   * to today's. 128 bits are plenty to tell readers apart.
   */
  visitor(address: string, userAgent: string): string {
    const day = this.newsroomDay(this.deps.now?.() ?? new Date());
    if (this.salt?.day !== day) this.salt = { day, key: createHmac('sha256', this.deps.appSecret).update(`view-visitor-salt:${day}`).digest() };
    return createHmac('sha256', this.salt.key).update(address).update('\n').update(userAgent).digest('base64url').slice(0, 22);
  }
}

/** The recorder the app uses: Redis dedupe when the app has Redis, in-process otherwise. */
export function createViewRecorder({ config, knex, redis, log }: { config: Config; knex: Knex; redis: Redis | undefined; log: Logger }): ViewRecorder {
  const windowMs = config.viewDedupeWindowSeconds * 1000;
  return new ViewRecorder({
    dedupe: redis ? new RedisDedupe(redis, windowMs) : new MemoryDedupe(windowMs),
    count: (ids) => countArticleViews(knex, config.timezone, ids),
    appSecret: config.appSecret,
    timezone: config.timezone,
    batchMs: config.viewBatchMs,
    log,
  });
}
