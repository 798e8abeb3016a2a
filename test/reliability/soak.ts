import fs from 'node:fs';
import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { adSlotWithOneCreative } from './lib/ads';
import { checkAdImpressions, checkWrites, storedViewCount, withClient } from './lib/ledger';
import { RUN_METRICS_TOKEN, scrapeMetrics, type MetricsReading } from './lib/metrics-scrape';
import { prepareNewsroom } from './lib/newsroom';
import { report, sleep } from './lib/report';
import { startMixedTraffic, tally, type Outcome } from './lib/traffic';

/**
 * Soak: mixed traffic (homepage reads, views, staff saves, ad servings with their impressions) for SOAK_MINUTES (30 by default),
 * sampling every SAMPLE_SECONDS (60) the Bulletin process's RSS and open file descriptors, its
 * PostgreSQL connections, and the latency of /healthz (no I/O: what the event loop's lag adds to
 * a request), plus the answers in the interval. Each sample also scrapes /metrics (the run sets
 * METRICS_TOKEN): the pool's connections in use and waiting, prom-client's event-loop lag since the
 * previous scrape, the view and ad event buffers, and the heap: V8's live set after its last
 * major collection (bulletin_heap_live_bytes) and, from /proc, the malloc heap. RSS alone follows
 * how far V8 lets garbage pile up between collections (it swung 220–310 MB around a flat 50 MB live
 * set), so the growth checks are on the live set and the malloc heap. Prints the series; stable =
 * no steady growth. With REDIS_URL set, Bulletin uses it (shared state, as in production).
 *
 *   REDIS_URL=redis://127.0.0.1:6379 SOAK_MINUTES=3 SAMPLE_SECONDS=30 npx ts-node --swc test/reliability/soak.ts
 */
interface Sample {
  minute: number;
  rssMb: number;
  /** RSS of the process's brk heap: what C code (V8's compiler, zlib, libuv's threads) took with malloc. */
  mallocHeapMb: number;
  openFds: number;
  pgConnections: number;
  healthzMsP50: number;
  healthzMsMax: number;
  metrics: MetricsReading;
  requests: number;
  failed: number;
}

async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 30);
  const sampleMs = Number(process.env.SAMPLE_SECONDS ?? 60) * 1000;
  const pgPort = Number(process.env.PG_PORT ?? 5436);
  const port = Number(process.env.BULLETIN_PORT ?? 4163);
  buildOnce();
  const primary = createPrimary('soak', pgPort);
  try {
    psql(primary, 'postgres', 'create database bulletin');
    const databaseUrl = primary.url('bulletin');
    const bulletin = await startBulletin({ port, databaseUrl, name: 'soak', env: { METRICS_TOKEN: RUN_METRICS_TOKEN } });
    const pid = bulletin.child.pid!;
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    const viewsBefore = await storedViewCount(databaseUrl, newsroom.articleId);
    const started = Date.now();
    const adSlot = await adSlotWithOneCreative(bulletin.url, newsroom.editorToken, null);
    const traffic = startMixedTraffic(newsroom, { workers: 4, runTag: `soak-${started}`, pauseMs: 10, adSlotKey: adSlot.key });
    const samples: Sample[] = [];
    let seen = 0;
    while (Date.now() - started < minutes * 60_000) {
      const healthz = await probeHealthz(bulletin.url, sampleMs);
      const interval: Outcome[] = traffic.outcomes.slice(seen);
      seen += interval.length;
      const sample: Sample = {
        minute: Math.round((Date.now() - started) / 600) / 100,
        rssMb: rssMb(pid),
        mallocHeapMb: mallocHeapMb(pid),
        openFds: fs.readdirSync(`/proc/${pid}/fd`).length,
        pgConnections: await pgConnections(databaseUrl),
        healthzMsP50: percentile(healthz, 0.5),
        healthzMsMax: Math.max(...healthz),
        metrics: await scrapeMetrics(bulletin.url),
        requests: interval.length,
        failed: interval.filter((o) => o.status !== 200 || (o.kind !== 'read' && !o.acknowledged)).length,
      };
      samples.push(sample);
      console.log(JSON.stringify(sample));
    }
    await traffic.stop();
    const writes = await checkWrites(databaseUrl, newsroom.articleId, viewsBefore, traffic.outcomes);
    const ads = await checkAdImpressions(databaseUrl, adSlot, traffic.outcomes);
    const exit = await bulletin.stop('SIGTERM');
    // Growth from the first sample after warm-up to the last: a leak grows every interval.
    const [warm, last] = [samples[Math.min(1, samples.length - 1)], samples[samples.length - 1]];
    // The live heap and the malloc heap step with traffic and collections; a leak shows as the
    // last third of the run holding more than the first (after warm-up) ever did.
    const third = Math.max(1, Math.floor((samples.length - 1) / 3));
    const peak = (from: number, to: number, pick: (s: Sample) => number) => Math.max(...samples.slice(from, to).map(pick));
    const live = { firstThirdMaxMb: peak(1, 1 + third, (s) => s.metrics.heapLiveMb), lastThirdMaxMb: peak(samples.length - third, samples.length, (s) => s.metrics.heapLiveMb) };
    const malloc = { firstThirdMaxMb: peak(1, 1 + third, (s) => s.mallocHeapMb), lastThirdMaxMb: peak(samples.length - third, samples.length, (s) => s.mallocHeapMb) };
    report(
      'soak',
      { minutes, answers: tally(traffic.outcomes), redis: Boolean(process.env.REDIS_URL), series: samples, liveHeap: live, mallocHeap: malloc, rssGrowthPercent: Math.round(((last.rssMb - warm.rssMb) / warm.rssMb) * 1000) / 10, writes: { views: writes.views, saves: writes.saves, adImpressions: ads }, exit },
      {
        'no failed request': samples.every((s) => s.failed === 0),
        'PostgreSQL connections within the pool (DB_POOL_MAX 10)': samples.every((s) => s.pgConnections <= 10),
        'pool connections (in use + free) within DB_POOL_MAX 10': samples.every((s) => s.metrics.poolInUse + s.metrics.poolFree <= 10),
        'open descriptors not growing (last ≤ warm + 20)': last.openFds <= warm.openFds + 20,
        'live heap not growing (last third ≤ first third × 1.15)': live.lastThirdMaxMb <= live.firstThirdMaxMb * 1.15,
        'malloc heap not growing (last third ≤ first third × 1.15 + 2 MB)': malloc.lastThirdMaxMb <= malloc.firstThirdMaxMb * 1.15 + 2,
        'every acknowledged write stored': writes.views.stored === writes.views.acknowledged && writes.saves.acknowledgedStored === writes.saves.acknowledged && ads.stored === ads.acknowledged,
        'clean exit': exit.code === 0,
      },
    );
  } finally {
    primary.destroy();
  }
}

/** /healthz every 100 ms for `ms`: its latencies. */
async function probeHealthz(url: string, ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  const latencies: number[] = [];
  while (Date.now() < until) {
    const sent = performance.now();
    await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
    latencies.push(Math.round((performance.now() - sent) * 10) / 10);
    await sleep(100);
  }
  return latencies;
}

function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 102.4) / 10;
}

function mallocHeapMb(pid: number): number {
  const smaps = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n');
  const start = smaps.findIndex((line) => line.endsWith('[heap]'));
  const rss = start < 0 ? undefined : smaps.slice(start + 1).find((line) => line.startsWith('Rss:'));
  return rss ? Math.round(Number(rss.split(/\s+/)[1]) / 102.4) / 10 : 0;
}

async function pgConnections(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'");
    return rows[0].n;
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
