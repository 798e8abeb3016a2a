import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { checkWrites, storedViewCount } from './lib/ledger';
import { prepareNewsroom } from './lib/newsroom';
import { msFromEnv, report, sleep } from './lib/report';
import { readHomepage, startMixedTraffic, tally } from './lib/traffic';

/**
 * PostgreSQL restarted under load: a cluster of this run's own (port 5433 unless PG_PORT) is
 * stopped (`pg_ctl stop -m fast`, as a restart or a failover does) while mixed traffic runs, then
 * started again. Bulletin keeps running; the run prints what clients got in each phase and the
 * acknowledged writes against the stored ones.
 *
 *   npx ts-node --swc test/reliability/pg-restart.ts
 *
 * Covered writes: article views and article saves. Ad events and the webhook outbox join
 * `checkWrites` (lib/ledger.ts) and the traffic (lib/traffic.ts) when they exist.
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
    const bulletin = await startBulletin({ port, databaseUrl, name: 'pg-restart', env: { DB_ACQUIRE_TIMEOUT_MS: '2000' } });
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    const viewsBefore = await storedViewCount(databaseUrl, newsroom.articleId);
    const traffic = startMixedTraffic(newsroom, { workers: 6, runTag: `pg-restart-${Date.now()}` });

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
    const alive = bulletin.child.exitCode === null;
    const slowest = Math.max(...outage.map((o) => o.ms), 0);
    await bulletin.stop('SIGTERM');
    report(
      'pg-restart',
      { outageMs, inDoubtSaves: writes.failedButStored.length, recoveredAfterMs: recoveredAt - startedAt, slowestAnswerDuringOutageMs: slowest, before: tally(before), outage: tally(outage), afterRecovery: tally(after), writes: { views: writes.views, saves: writes.saves } },
      {
        'Bulletin never exited': alive,
        'no 500, no hang, no INTERNAL_SERVER_ERROR': outcomes.every((o) => o.status !== 500 && o.status !== 0 && o.code !== 'INTERNAL_SERVER_ERROR'),
        'reads and saves during the outage are 503 SERVICE_UNAVAILABLE': outage.filter((o) => o.kind !== 'view').every((o) => o.status === 503 && o.code === 'SERVICE_UNAVAILABLE'),
        'no view acknowledged during the outage': outage.every((o) => o.kind !== 'view' || !o.acknowledged),
        'nothing fails from a second after recovery': failedAfter.length === 0,
        'every acknowledged save is stored, with its revision': writes.saves.acknowledgedStored === writes.saves.acknowledged && writes.saves.withoutRevision === 0,
        'stored views = acknowledged views': writes.views.stored === writes.views.acknowledged,
        // The one doubt any database client has: a COMMIT that went through as the server stopped, its answer lost.
        'a failed save is stored only if it was in flight when PostgreSQL stopped': writes.failedButStored.every((o) => o.at < stoppedAt && o.at + o.ms >= stoppedAt),
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
