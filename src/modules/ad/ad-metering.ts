import type { Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { EventRecorder, GroupCommitBatcher, MAX_EVENT_BATCH, type Dedupe, type ReaderFingerprint } from '../metering';
import type { ServingClaim } from './ad-token';
import { addAdStats, placementKey, type AdCounter, type PlacementKey } from './ad-stats-store';

/** What readers do with a serving that is counted: IAB/MRC impressions, viewable impressions, clicks. */
export type MeteredAdEvent = 'impressions' | 'viewable' | 'clicks';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SUBJECT = new RegExp(`^${UUID}\\.${UUID}\\.${UUID}$`);

export interface AdMeteringOptions {
  knex: Knex;
  timezone: string;
  appSecret: string;
  /** A token counts once per kind: the dedupe window is the token's lifetime. */
  dedupe: Dedupe;
  eventBatchMs: number;
  /** How long servings gather before their counts are written in one statement. */
  servedBatchMs: number;
  log: Logger;
  /** Told how many impressions of each creative were committed (impression goals). */
  onImpressions?: (creativeId: string, count: number) => void;
}

/**
 * Counting for ads on the metering pipeline (bot filter, visitor hash, dedupe, group commit, true
 * only once committed): one EventRecorder per event kind, whose subject is the serving token's
 * claim, "serving.creative.slot". Servings are counted apart, in the background: a serving adds a
 * placement to a batch written every `servedBatchMs`, so the request path never waits for SQL.
 */
export class AdMetering {
  private readonly recorders: Record<MeteredAdEvent, EventRecorder>;
  private readonly served: GroupCommitBatcher<PlacementKey, boolean>;

  constructor(private readonly options: AdMeteringOptions) {
    const recorder = (counter: MeteredAdEvent) =>
      new EventRecorder({
        kind: `ad-${counter}`,
        saltLabel: 'ad-visitor-salt',
        isWellFormed: (subject) => SUBJECT.test(subject),
        dedupe: options.dedupe,
        dedupePerVisitor: false,
        commit: (subjects) => this.commit(counter, subjects),
        appSecret: options.appSecret,
        timezone: options.timezone,
        batchMs: options.eventBatchMs,
        log: options.log,
      });
    this.recorders = { impressions: recorder('impressions'), viewable: recorder('viewable'), clicks: recorder('clicks') };
    this.served = new GroupCommitBatcher<PlacementKey, boolean>({
      maxWaitMs: options.servedBatchMs,
      maxItems: MAX_EVENT_BATCH,
      flush: async (keys) => {
        await addAdStats(options.knex, options.timezone, 'served', tally(keys));
        return keys.map(() => true);
      },
    });
  }

  /** Counts a serving, later (batched). A failed batch is logged and lost: "served" is a delivery figure, never acknowledged. */
  serving(creativeId: string, slotId: string): void {
    this.served.add(placementKey(creativeId, slotId)).catch((error: unknown) => this.options.log.error({ err: error }, 'a batch of ad servings failed to commit'));
  }

  /** True once counted (committed); false for a bot, a repeat of this token and kind, or a failed write. */
  record(event: MeteredAdEvent, claim: ServingClaim, reader: ReaderFingerprint): Promise<boolean> {
    return this.recorders[event].record(`${claim.servingId}.${claim.creativeId}.${claim.slotId}`, reader);
  }

  /** The reader as the frequency cap knows them within one period (named by its start). */
  visitorInPeriod(reader: ReaderFingerprint, period: string): string {
    return this.recorders.impressions.visitorInPeriod(reader.address, reader.userAgent, period);
  }

  async close(): Promise<void> {
    await Promise.all([...Object.values(this.recorders).map((recorder) => recorder.close()), this.served.close()]);
  }

  private async commit(counter: AdCounter & MeteredAdEvent, subjects: string[]): Promise<Set<string>> {
    const placements = subjects.map((subject) => {
      const [, creativeId, slotId] = subject.split('.');
      return placementKey(creativeId, slotId);
    });
    const counts = tally(placements);
    const counted = await addAdStats(this.options.knex, this.options.timezone, counter, counts);
    if (counter === 'impressions' && this.options.onImpressions) {
      for (const key of counted) this.options.onImpressions(key.split('|')[0], counts.get(key) ?? 0);
    }
    return new Set(subjects.filter((_subject, i) => counted.has(placements[i])));
  }
}

function tally(keys: readonly PlacementKey[]): Map<PlacementKey, number> {
  const counts = new Map<PlacementKey, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
