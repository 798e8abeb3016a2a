import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Metrics } from '../../shared/metrics';
import { startPollingLoop } from '../../shared/polling-loop';
import { notifyArticleChange, publicFactsOf, type ArticleChangeListeners } from './article-change-events';
import { recordRevision } from './article-revisions';
import { ArticleRevisionAction } from './article-revision.entity';
import { Article, ArticleStatus } from './article.entity';

/** Scheduled articles published per transaction; a full batch is followed at once by the next. */
export const PUBLISH_BATCH_SIZE = 100;

/**
 * Publishes the SCHEDULED articles whose time has come, in one transaction. Rows are taken with
 * FOR UPDATE SKIP LOCKED: several instances (or overlapping runs) never publish the same article
 * twice, and never wait for each other. Each article gets its version bumped and one revision
 * (no actor: nobody pressed a button), and the listeners hear of it in the same transaction.
 * Returns the ids published.
 */
export async function publishDueArticles(em: EntityManager, listeners: ArticleChangeListeners, batchSize = PUBLISH_BATCH_SIZE): Promise<string[]> {
  return em.fork().transactional(async (tx) => {
    const due = await tx.find(
      Article,
      { status: ArticleStatus.SCHEDULED, publishedAt: { $lte: new Date() }, deletedAt: null },
      { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { publishedAt: 'asc', id: 'asc' }, limit: batchSize },
    );
    if (due.length === 0) return [];
    const before = due.map((article) => publicFactsOf(article));
    for (const article of due) Object.assign(article, { status: ArticleStatus.PUBLISHED, reviewNote: null });
    await tx.flush();
    for (const [i, article] of due.entries()) {
      recordRevision(tx, article, { action: ArticleRevisionAction.PUBLISH, changedFields: ['status'] }, null);
      await notifyArticleChange(listeners, tx, before[i], article);
    }
    return due.map((article) => article.id);
  });
}

/**
 * Lifts the embargoes whose time has come, in one transaction, as publishDueArticles publishes:
 * FOR UPDATE SKIP LOCKED, so instances never lift one twice nor wait for each other. Clearing
 * embargoedUntil is what makes the article public (EMBARGO_LIFTED to the listeners). Returns the ids.
 */
export async function liftDueEmbargoes(em: EntityManager, listeners: ArticleChangeListeners, batchSize = PUBLISH_BATCH_SIZE): Promise<string[]> {
  return em.fork().transactional(async (tx) => {
    const due = await tx.find(
      Article,
      { embargoedUntil: { $lte: new Date() } },
      { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { embargoedUntil: 'asc', id: 'asc' }, limit: batchSize },
    );
    if (due.length === 0) return [];
    const before = due.map((article) => publicFactsOf(article));
    for (const article of due) article.embargoedUntil = null;
    await tx.flush();
    for (const [i, article] of due.entries()) {
      recordRevision(tx, article, { action: ArticleRevisionAction.LIFT_EMBARGO, changedFields: ['embargoedUntil'] }, null);
      await notifyArticleChange(listeners, tx, before[i], article);
    }
    return due.map((article) => article.id);
  });
}

export interface ArticleSchedulerOptions {
  orm: MikroORM;
  listeners: ArticleChangeListeners;
  intervalMs: number;
  log: Pick<Logger, 'info' | 'error'>;
  /** Where its lag and runs are shown (/metrics). */
  metrics?: Metrics;
}

/**
 * Runs publishDueArticles and liftDueEmbargoes now and then every intervalMs (never two runs at once in one process).
 * Returns stop(): no new run starts, and it resolves once a run in progress has finished.
 */
export function startArticleScheduler({ orm, listeners, intervalMs, log, metrics }: ArticleSchedulerOptions): () => Promise<void> {
  let lastRunAt = Date.now();
  const runs = metrics?.counter('scheduler_runs_total', 'Runs of the scheduled-publishing loop, by outcome', ['outcome']);
  const publishedCount = metrics?.counter('scheduler_published_total', 'Scheduled articles published by this instance');
  // CASE: a run stuck on the database, or an event loop too busy to start one, shows as lag above 0.
  metrics?.gauge('scheduler_lag_seconds', 'Seconds by which the next scheduler run is overdue (0 while it keeps to SCHEDULER_INTERVAL_MS)', () =>
    Math.max(0, (Date.now() - lastRunAt - intervalMs) / 1000),
  );
  return startPollingLoop(async () => {
    try {
      const published = await publishDueArticles(orm.em, listeners);
      if (published.length > 0) log.info({ articles: published }, `published ${published.length} scheduled article(s)`);
      // After publishing: an embargo on a scheduled article ends after its publication time.
      const lifted = await liftDueEmbargoes(orm.em, listeners);
      if (lifted.length > 0) log.info({ articles: lifted }, `lifted the embargo of ${lifted.length} article(s)`);
      runs?.inc({ outcome: 'ok' });
      publishedCount?.inc({}, published.length);
      return published.length >= PUBLISH_BATCH_SIZE || lifted.length >= PUBLISH_BATCH_SIZE;
    } catch (error) {
      log.error({ err: error }, 'publishing scheduled articles failed');
      runs?.inc({ outcome: 'failed' });
      return false;
    } finally {
      lastRunAt = Date.now();
    }
  }, intervalMs);
}
