import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { adSlotWithOneCreative } from './lib/ads';
import { checkAdImpressions, checkPublishes, checkWrites, storedViewCount } from './lib/ledger';
import { prepareNewsroom, subscribeToPublishes } from './lib/newsroom';
import { msFromEnv, report, sleep } from './lib/report';
import { readHomepage, startMixedTraffic, tally, type Outcome } from './lib/traffic';

/**
 * PostgreSQL restarted under load: a cluster of this run's own (port 5433 unless PG_PORT) is
 * stopped (`pg_ctl stop -m fast`, as a restart or a failover does) while mixed traffic runs (6
 * loops of a homepage read, a view with the page's ad impression, a save and a publish), then
 * started again. Bulletin keeps running; the run prints what clients got in each phase and the
 * acknowledged writes against the stored ones.
 *
 *   npx ts-node --swc test/reliability/pg-restart.ts
 *
 * Covered writes (lib/ledger.ts): article views, article saves, ad impressions (an uncapped slot of
 * the run's own, counted in ad_stats_hourly) and publishes with their webhook outbox row. A webhook
 * subscribes to ARTICLE_PUBLISHED at a URL nobody answers, and Bulletin runs with
 * WEBHOOK_WORKER=false, so every delivery stays PENDING in webhook_delivery where it is counted:
 * an acknowledged publish has exactly one, a failed one none, unless its COMMIT went through as
 * PostgreSQL stopped (in doubt), and then it is whole: PUBLISHED with its one row.
 */
async function main(): Promise<void> {
  const pgPort = Number(process.env.PG_PORT ?? 5433);
  const port = Number(process.env.BULLETIN_PORT ?? 4160);
  const [warmMs, outageMs, afterMs] = [msFromEnv('WARM_MS', 5_000), msFromEnv('OUTAGE_MS', 5_000), msFromEnv('AFTER_MS', 5_000)];
  buildOnce();
  const primary = createPrimary('pg-restart', pgPort);
  try {
    psql(primary, 'postgres', 'create database bulletin');
    const databaseUrl = primary.url('bulletin');
    const bulletin = await startBulletin({ port, databaseUrl, name: 'pg-restart', env: { DB_ACQUIRE_TIMEOUT_MS: '2000', WEBHOOK_WORKER: 'false' } });
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    const adSlot = await adSlotWithOneCreative(bulletin.url, newsroom.editorToken, null);
    const webhookId = await subscribeToPublishes(bulletin.url, databaseUrl);
    const viewsBefore = await storedViewCount(databaseUrl, newsroom.articleId);
    const traffic = startMixedTraffic(newsroom, { workers: 6, runTag: `pg-restart-${Date.now()}`, adSlotKey: adSlot.key, publisherToken: newsroom.editorToken });

    await sleep(warmMs);
    const stoppedAt = Date.now();
    primary.stop('fast');
    await sleep(outageMs);
    primary.start();
    const startedAt = Date.now();
    let recoveredAt = 0;
    while (recoveredAt === 0) {
      if ((await readHomepage(newsroom)).status === 200) recoveredAt = Date.now();
      else await sleep(50);
    }
    await sleep(afterMs);
    await traffic.stop();

    const outcomes = traffic.outcomes;
    const before = outcomes.filter((o) => o.at < stoppedAt);
    // Sent and answered while PostgreSQL was down: one still waiting for a connection when it returned may rightly succeed.
    const outage = outcomes.filter((o) => o.at >= stoppedAt && o.at + o.ms < startedAt);
    const after = outcomes.filter((o) => o.at >= recoveredAt + 1_000);
    const failedAfter = after.filter((o) => o.status !== 200 || (o.kind !== 'read' && !o.acknowledged));
    const writes = await checkWrites(databaseUrl, newsroom.articleId, viewsBefore, outcomes);
    const ads = await checkAdImpressions(databaseUrl, adSlot, outcomes);
    const { publishes, failedButPublished } = await checkPublishes(databaseUrl, webhookId, outcomes);
    // In flight when PostgreSQL stopped: its last request (the publish, after its draft) sent before, answered after.
    const inFlightAtStop = (o: Outcome) => o.lastRequestAt < stoppedAt && o.at + o.ms >= stoppedAt;
    const alive = bulletin.child.exitCode === null;
    const slowest = Math.max(...outage.map((o) => o.ms), 0);
    await bulletin.stop('SIGTERM');
    report(
      'pg-restart',
      { outageMs, inDoubtSaves: writes.failedButStored.length, inDoubtPublishes: failedButPublished.length, recoveredAfterMs: recoveredAt - startedAt, slowestAnswerDuringOutageMs: slowest, before: tally(before), outage: tally(outage), afterRecovery: tally(after), writes: { views: writes.views, saves: writes.saves, adImpressions: ads, publishes } },
      {
        'Bulletin never exited': alive,
        'no 500, no hang, no INTERNAL_SERVER_ERROR': outcomes.every((o) => o.status !== 500 && o.status !== 0 && o.code !== 'INTERNAL_SERVER_ERROR'),
        // A read the micro-cache answers (an entry made before the stop, at most RESPONSE_CACHE_TTL_MS old) never asks PostgreSQL.
        'reads not answered by the micro-cache, saves and publishes during the outage are 503 SERVICE_UNAVAILABLE': outage
          .filter((o) => ['read', 'save', 'publish'].includes(o.kind) && !o.fromCache)
          .every((o) => o.status === 503 && o.code === 'SERVICE_UNAVAILABLE'),
        'no view or ad impression acknowledged during the outage': outage.every((o) => !['view', 'ad'].includes(o.kind) || !o.acknowledged),
        'nothing fails from a second after recovery': failedAfter.length === 0,
        'every acknowledged save is stored, with its revision': writes.saves.acknowledgedStored === writes.saves.acknowledged && writes.saves.withoutRevision === 0,
        'stored views = acknowledged views': writes.views.stored === writes.views.acknowledged,
        'stored ad impressions = acknowledged ad impressions': ads.stored === ads.acknowledged,
        'every acknowledged publish has exactly one outbox row': publishes.acknowledgedWhole === publishes.acknowledged,
        'no outbox row without its publish (and no publish without its row)': publishes.mismatched === 0,
        // The one doubt any database client has: a COMMIT that went through as the server stopped, its answer lost.
        'a failed save is stored only if it was in flight when PostgreSQL stopped': writes.failedButStored.every(inFlightAtStop),
        'a failed publish is published (with its one row) only if it was in flight when PostgreSQL stopped': failedButPublished.every(inFlightAtStop),
      },
    );
  } finally {
    primary.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
