import fs from 'node:fs';
import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { checkWrites, storedViewCount } from './lib/ledger';
import { prepareNewsroom } from './lib/newsroom';
import { msFromEnv, report, sleep } from './lib/report';
import { startMixedTraffic, tally } from './lib/traffic';

/**
 * SIGTERM during writes: Bulletin runs with VIEW_BATCH_MS=1000, so at the signal many views wait
 * in their batch; mixed traffic and a readiness probe run until and after the signal. Expected:
 * /readyz stops saying 200 at once, requests in flight are answered, pending views are written,
 * the process exits 0 within 15 s, and every acknowledged write is stored.
 *
 *   npx ts-node --swc test/reliability/sigterm.ts
 */
async function main(): Promise<void> {
  const pgPort = Number(process.env.PG_PORT ?? 5434);
  const port = Number(process.env.BULLETIN_PORT ?? 4161);
  buildOnce();
  const primary = createPrimary('sigterm', pgPort);
  try {
    psql(primary, 'postgres', 'create database bulletin');
    const databaseUrl = primary.url('bulletin');
    const bulletin = await startBulletin({ port, databaseUrl, name: 'sigterm', env: { VIEW_BATCH_MS: '1000', LOG_LEVEL: 'info' } });
    const logStart = fs.statSync(bulletin.logFile).size;
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    const viewsBefore = await storedViewCount(databaseUrl, newsroom.articleId);
    const traffic = startMixedTraffic(newsroom, { workers: 8, runTag: `sigterm-${Date.now()}` });
    // The probe a load balancer would send, on its own keep-alive connection, every 20 ms.
    const readiness: { at: number; status: number }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const status = await fetch(`${bulletin.url}/readyz`).then((r) => r.status, () => 0);
        readiness.push({ at: Date.now(), status });
        await sleep(20);
      }
    })();

    await sleep(msFromEnv('WARM_MS', 4_000));
    const signalAt = Date.now();
    const stopping = bulletin.stop('SIGTERM');
    const exit = await stopping;
    probing = false;
    await probe;
    await traffic.stop();

    const outcomes = traffic.outcomes;
    // Sent before the signal and answered: the in-flight ones among them were finished, not cut.
    const sentBefore = outcomes.filter((o) => o.at < signalAt);
    const cut = sentBefore.filter((o) => o.status === 0);
    const afterSignal = readiness.filter((r) => r.at > signalAt);
    const writes = await checkWrites(databaseUrl, newsroom.articleId, viewsBefore, outcomes);
    const log = fs.readFileSync(bulletin.logFile, 'utf8').slice(logStart);
    const errorLines = log.split('\n').filter((line) => /"level":(50|60)/.test(line) || /aborted/i.test(line));
    report(
      'sigterm',
      {
        exit,
        sentBeforeSignal: tally(sentBefore),
        sentAfterSignal: tally(outcomes.filter((o) => o.at >= signalAt)),
        readinessAfterSignal: afterSignal.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {}),
        writes: { views: writes.views, saves: writes.saves },
        errorLogLines: errorLines.length,
      },
      {
        'exit code 0': exit.code === 0,
        'exit within 15 s': exit.ms < 15_000,
        'readiness never 200 after the signal': afterSignal.every((r) => r.status !== 200),
        'every request sent before the signal was answered': cut.length === 0,
        'every acknowledged save is stored, with its revision': writes.saves.acknowledgedStored === writes.saves.acknowledged && writes.saves.withoutRevision === 0,
        'no failed save is stored': writes.saves.failedStored === 0,
        'stored views = acknowledged views (pending batches flushed)': writes.views.stored === writes.views.acknowledged,
        'no error or "aborted" line in the log': errorLines.length === 0,
      },
    );
    if (errorLines.length > 0) console.log(errorLines.slice(0, 5).join('\n'));
  } finally {
    primary.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
