import type { Client } from 'pg';
import type { LoadGenerators } from './generator';
import { measureWindow, type BackendCpu } from './measure';
import type { Peer } from './peers';
import type { ViewsResult } from './report';
import { stored } from './view-totals';

const TAIL_S = 5;

/**
 * W5, view recording through the beacon (POST /views/<id>), Bulletin only: a warm-up and a
 * measured wrk run, every request a new visitor, then the exact-totals check — article.view_count
 * and article_views_daily must have gone up by exactly the views acknowledged with true.
 */
export async function measureViews(
  bulletin: Peer,
  generators: LoadGenerators,
  db: Client,
  backends: BackendCpu | undefined,
  options: { ids: string[]; connections: number; warmupS: number; countForS: number; visitorPrefix: string },
): Promise<ViewsResult> {
  if (options.ids.length < 2) throw new Error('W5 needs at least two public articles (a hot one and a tail)');
  const before = await stored(db);
  // Seconds of GET /healthz after the counted time, so that every beacon sent is answered before wrk stops.
  const run = (name: string, countForS: number) =>
    generators.views({ name, url: `${bulletin.origin}/`, ids: options.ids, visitorPrefix: `${options.visitorPrefix}-${name}`, countForS, connections: options.connections, durationS: countForS + TAIL_S });
  let warmupAcknowledged = 0;
  let pending = 0;
  let refused = 0;
  if (options.warmupS > 0) {
    const warmup = await run('W5-warmup', options.warmupS);
    warmupAcknowledged = warmup.acknowledged ?? 0;
    pending += warmup.pending ?? 0;
    refused += warmup.refused ?? 0;
  }
  const window = await measureWindow(bulletin, { workload: 'W5', kind: 'views', round: 1 }, backends, () => run('W5', options.countForS));
  const after = await stored(db);
  const measured = window.load.acknowledged ?? 0;
  pending += window.load.pending ?? 0;
  refused += window.load.refused ?? 0;
  const acknowledged = warmupAcknowledged + measured;
  const viewCount = after.total - before.total;
  const daily = after.daily - before.daily;
  return {
    connections: options.connections,
    countedForS: options.countForS,
    acknowledgedWarmup: warmupAcknowledged,
    acknowledgedMeasured: measured,
    viewsPerSecond: measured / options.countForS,
    storedViewCountDelta: viewCount,
    storedDailyDelta: daily,
    refused,
    pending,
    exact: viewCount === acknowledged && daily === acknowledged,
    // With beacons unanswered when wrk stopped (slower than the tail), only bounds can hold.
    withinBounds: viewCount >= acknowledged && viewCount <= acknowledged + pending && daily === viewCount,
    window,
  };
}
