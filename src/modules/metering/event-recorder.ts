import { createHmac } from 'node:crypto';
import { isbot } from 'isbot';
import type { Logger } from 'pino';
import { GroupCommitBatcher } from './group-commit-batcher';
import type { Dedupe } from './dedupe';

/** Who is acting, as far as counting goes. Neither part is stored: only an HMAC of both. */
export interface ReaderFingerprint {
  address: string;
  userAgent: string;
}

/** Largest batch: one statement with two arrays of this many elements at most. */
export const MAX_EVENT_BATCH = 1000;

export interface EventRecorderOptions {
  /** What is counted ('article-view', later 'ad-impression', 'ad-click'): the dedupe namespace and log wording. */
  kind: string;
  /** Subjects that cannot exist (a malformed id) are refused before anything else. */
  isWellFormed: (subjectId: string) => boolean;
  dedupe: Dedupe;
  /**
   * Whether the same subject counts once per visitor (article views: each reader once) or once
   * for everyone (a signed ad-serving token: once, whoever sends it). Default: per visitor.
   */
  dedupePerVisitor?: boolean;
  /** Counts a batch of subject ids (repeats allowed); resolves with the ids that were counted, once committed. */
  commit: (subjectIds: string[]) => Promise<Set<string>>;
  appSecret: string;
  /** Visitor hashes are salted per newsroom day. */
  timezone: string;
  /** Label of the daily salt; instances and deploys that share it derive the same visitors. */
  saltLabel: string;
  batchMs: number;
  log: Logger;
  now?: () => Date;
}

/**
 * The pipeline of one counted event, whatever is counted: well-formed subject → not a bot → first
 * time for this visitor and subject in the window → batched write (group commit) → true only once
 * committed. Never throws: the caller gets false whatever went wrong (the cause goes to the log).
 */
export class EventRecorder {
  private readonly batcher: GroupCommitBatcher<string, boolean>;
  private salt: { day: string; key: Buffer } | undefined;
  private readonly dayFormat: Intl.DateTimeFormat;
  private dayOfMinute: { minute: number; day: string } | undefined;

  constructor(private readonly options: EventRecorderOptions) {
    this.dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: options.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.batcher = new GroupCommitBatcher<string, boolean>({
      maxWaitMs: options.batchMs,
      maxItems: MAX_EVENT_BATCH,
      flush: async (ids) => {
        try {
          const counted = await options.commit(ids);
          return ids.map((id) => counted.has(id));
        } catch (error) {
          // Logged once per batch; every event in it answers false and gives its dedupe key back.
          options.log.error({ err: error, events: ids.length }, `a batch of ${options.kind} events failed to commit: none of them was counted`);
          throw error;
        }
      },
    });
  }

  async record(subjectId: string, reader: ReaderFingerprint): Promise<boolean> {
    const { options } = this;
    if (!options.isWellFormed(subjectId)) return false;
    const userAgent = reader.userAgent.trim();
    // CASE: no user agent at all is a script, not a browser.
    if (userAgent === '' || isbot(userAgent)) return false;
    const id = subjectId.toLowerCase();
    const key = options.dedupePerVisitor === false ? id : `${id}:${this.visitor(reader.address, userAgent)}`;
    try {
      if (!(await options.dedupe.claim(options.kind, key))) return false;
    } catch (error) {
      // CASE: without the dedupe store a refresh could count again: count nothing rather than too much.
      options.log.error({ err: error }, `${options.kind} dedupe unavailable: not counted`);
      return false;
    }
    let counted = false;
    try {
      counted = await this.batcher.add(id);
    } catch {
      // Logged by the batch.
    }
    // CASE: not counted (unknown or hidden subject, or the write failed): the visitor may count later.
    if (!counted) await options.dedupe.release(options.kind, key).catch((error: unknown) => options.log.warn({ err: error }, `could not release a ${options.kind} dedupe key`));
    return counted;
  }

  /** Writes pending events now, and later ones at once; resolves when none is pending (see GroupCommitBatcher.close). */
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
   * HMAC(daily salt, address + user agent); the salt is HMAC(APP_SECRET, label + newsroom day), so
   * every instance derives the same visitor for the same reader, and yesterday's hashes cannot be
   * linked to today's. 128 bits are plenty to tell readers apart.
   */
  visitor(address: string, userAgent: string): string {
    const day = this.newsroomDay(this.options.now?.() ?? new Date());
    if (this.salt?.day !== day) this.salt = { day, key: this.periodSalt(day) };
    return saltedVisitor(this.salt.key, address, userAgent);
  }

  /**
   * The same reader hashed with the salt of another period (a frequency cap's week or hour, named
   * by its start): stable within that period, unlinkable across periods.
   */
  visitorInPeriod(address: string, userAgent: string, period: string): string {
    return saltedVisitor(this.periodSalt(period), address, userAgent.trim());
  }

  private periodSalt(period: string): Buffer {
    return createHmac('sha256', this.options.appSecret).update(`${this.options.saltLabel}:${period}`).digest();
  }
}

function saltedVisitor(salt: Buffer, address: string, userAgent: string): string {
  return createHmac('sha256', salt).update(address).update('\n').update(userAgent).digest('base64url').slice(0, 22);
}
