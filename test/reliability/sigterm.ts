import fs from 'node:fs';
import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { adSlotWithOneCreative } from './lib/ads';
import { checkAdImpressions, checkPublishes, checkWrites, storedViewCount } from './lib/ledger';
import { RUN_METRICS_TOKEN, scrapeMetrics } from './lib/metrics-scrape';
import { prepareNewsroom, subscribeToPublishes } from './lib/newsroom';
import { msFromEnv, report, sleep } from './lib/report';
import { startMixedTraffic, tally, type Outcome } from './lib/traffic';

/**
 * SIGTERM during writes: Bulletin runs with VIEW_BATCH_MS=1000 (the batch of article views and of
 * ad events alike), and the signal is sent when /metrics shows both views and ad impressions
 * waiting in their batch; mixed traffic (reads, views with an ad impression, saves, publishes) and
 * a readiness probe run until and after the signal. Expected: /readyz stops saying 200 at once,
 * requests in flight are answered, pending views and ad impressions are written, the process
 * exits 0 within 15 s, and every acknowledged write is stored. Publishes are checked against the
 * webhook outbox: a webhook subscribes to ARTICLE_PUBLISHED at a URL nobody answers, and Bulletin
 * runs with WEBHOOK_WORKER=false so that its deliveries stay PENDING in webhook_delivery, where
 * each acknowledged publish must have exactly one and a failed one none.
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
    const env = { VIEW_BATCH_MS: '1000', LOG_LEVEL: 'info', WEBHOOK_WORKER: 'false', METRICS_TOKEN: RUN_METRICS_TOKEN };
    const bulletin = await startBulletin({ port, databaseUrl, name: 'sigterm', env });
    const logStart = fs.statSync(bulletin.logFile).size;
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    const adSlot = await adSlotWithOneCreative(bulletin.url, newsroom.editorToken, null);
    const webhookId = await subscribeToPublishes(bulletin.url, databaseUrl);
    const viewsBefore = await storedViewCount(databaseUrl, newsroom.articleId);
    const traffic = startMixedTraffic(newsroom, { workers: 8, runTag: `sigterm-${Date.now()}`, adSlotKey: adSlot.key, publisherToken: newsroom.editorToken });
    // The probe a load balancer would send, on its own keep-alive connection, every 20 ms; `at` is
    // when it was sent (one sent before the signal was handled may rightly answer 200 after it).
    const readiness: { at: number; status: number }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const at = Date.now();
        const status = await fetch(`${bulletin.url}/readyz`).then((r) => r.status, () => 0);
        readiness.push({ at, status });
        await sleep(20);
      }
    })();

    await sleep(msFromEnv('WARM_MS', 4_000));
    const scraped = await untilBothBuffered(bulletin.url);
    const signalAt = Date.now();
    const stopping = bulletin.stop('SIGTERM');
    const exit = await stopping;
    probing = false;
    await probe;
    await traffic.stop();

    const outcomes = traffic.outcomes;
    // Sent before the signal and answered: the in-flight ones among them were finished, not cut.
    const sentBefore = outcomes.filter((o) => o.lastRequestAt < signalAt);
    const cut = sentBefore.filter((o) => o.status === 0);
    // Waiting (in their batch or being written) at the signal, then answered true: flushed by the shutdown.
    const flushedAfterSignal = (kind: Outcome['kind']) => sentBefore.filter((o) => o.kind === kind && o.acknowledged && o.at + o.ms > signalAt).length;
    const writes = await checkWrites(databaseUrl, newsroom.articleId, viewsBefore, outcomes);
    const ads = await checkAdImpressions(databaseUrl, adSlot, outcomes);
    const { publishes } = await checkPublishes(databaseUrl, webhookId, outcomes);
    const log = fs.readFileSync(bulletin.logFile, 'utf8').slice(logStart);
    // Bulletin's own clock (the same machine's): a probe sent just after kill() can still reach it
    // before its event loop takes the signal; from the moment it logs the signal, none may be ready.
    const handledAt = (JSON.parse(log.split('\n').find((line) => line.includes(`"pid":${bulletin.child.pid},`) && line.includes('SIGTERM received')) ?? '{"time":0}') as { time: number }).time;
    const afterSignal = readiness.filter((r) => r.at >= signalAt);
    const afterHandled = readiness.filter((r) => r.at > handledAt);
    const pendingAtSignal = { views: scraped.views, adImpressions: scraped.adImpressions, scrapedMsBeforeSignal: signalAt - scraped.answeredAt };
    const errorLines = log.split('\n').filter((line) => /"level":(50|60)/.test(line) || /aborted/i.test(line));
    report(
      'sigterm',
      {
        exit,
        signalLoggedAfterMs: handledAt - signalAt,
        pendingAtSignal,
        acknowledgedAfterSignal: { views: flushedAfterSignal('view'), adImpressions: flushedAfterSignal('ad') },
        sentBeforeSignal: tally(sentBefore),
        sentAfterSignal: tally(outcomes.filter((o) => o.lastRequestAt >= signalAt)),
        readinessSentAfterSignal: afterSignal.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {}),
        writes: { views: writes.views, saves: writes.saves, adImpressions: ads, publishes },
        errorLogLines: errorLines.length,
      },
      {
        'exit code 0': exit.code === 0,
        'exit within 15 s': exit.ms < 15_000,
        'Bulletin logged the signal': handledAt > 0,
        'readiness never 200 once Bulletin logged the signal': afterHandled.every((r) => r.status !== 200),
        'every request sent before the signal was answered': cut.length === 0,
        'views and ad impressions were waiting in their batches at the signal': pendingAtSignal.views > 0 && pendingAtSignal.adImpressions > 0,
        'every acknowledged save is stored, with its revision': writes.saves.acknowledgedStored === writes.saves.acknowledged && writes.saves.withoutRevision === 0,
        'no failed save is stored': writes.saves.failedStored === 0,
        'stored views = acknowledged views (pending batches flushed)': writes.views.stored === writes.views.acknowledged,
        'stored ad impressions = acknowledged ad impressions (pending batches flushed)': ads.stored === ads.acknowledged,
        'every acknowledged publish has exactly one outbox row': publishes.acknowledgedWhole === publishes.acknowledged,
        'no outbox row without its publish (and no publish without its row)': publishes.mismatched === 0,
        'no failed publish is published': publishes.failedPublished === 0,
        'no error or "aborted" line in the log': errorLines.length === 0,
      },
    );
    if (errorLines.length > 0) console.log(errorLines.slice(0, 5).join('\n'));
  } finally {
    primary.destroy();
  }
}

/** Scrapes /metrics every 10 ms (5 s at most) until views and ad impressions both wait in their batch: the last scrape's figures, and when it answered. */
async function untilBothBuffered(url: string): Promise<{ views: number; adImpressions: number; answeredAt: number }> {
  const until = Date.now() + 5_000;
  for (;;) {
    const { buffers } = await scrapeMetrics(url);
    const scraped = { views: buffers['article-view'] ?? 0, adImpressions: buffers['ad-impressions'] ?? 0, answeredAt: Date.now() };
    if ((scraped.views > 0 && scraped.adImpressions > 0) || scraped.answeredAt > until) return scraped;
    await sleep(10);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
