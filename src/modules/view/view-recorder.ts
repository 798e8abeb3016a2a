import type { Knex } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { isUuid } from '../../shared/uuid';
import { EventRecorder, MemoryDedupe, RedisDedupe, type Dedupe } from '../metering';
import { countArticleViews } from './view-store';

export type { ReaderFingerprint } from '../metering';

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

/** Article views: the metering pipeline over article ids, committed by countArticleViews. */
export class ViewRecorder extends EventRecorder {
  constructor({ count, ...deps }: ViewRecorderDeps) {
    // The salt label predates the generic recorder: kept, so visitors hash as before across a deploy.
    super({ ...deps, kind: 'article-view', saltLabel: 'view-visitor-salt', isWellFormed: isUuid, commit: count });
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
