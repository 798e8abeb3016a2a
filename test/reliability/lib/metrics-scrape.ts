/**
 * GET /metrics with the run's METRICS_TOKEN, read into the figures a soak sample prints. The
 * Prometheus text format is one `name{labels} value` per line; only the series named here are kept.
 */
export const RUN_METRICS_TOKEN = 'reliability-run-metrics-token-0123456789';

export interface MetricsReading {
  poolInUse: number;
  poolFree: number;
  poolWaiting: number;
  /** prom-client's event-loop delay since the previous scrape (it resets its histogram on each collect), in ms. */
  eventLoopLagMeanMs: number;
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
  /** Events waiting for their group commit, by recorder kind (views, ad-impressions, …). */
  buffers: Record<string, number>;
  /** V8's live heap and what it holds outside it (Buffers): growth here, not in RSS alone, is a leak. */
  heapUsedMb: number;
  /** bulletin_heap_live_bytes: used just after the last major collection, the live set. */
  heapLiveMb: number;
  heapTotalMb: number;
  externalMb: number;
}

type Series = { name: string; labels: Record<string, string>; value: number }[];

export function parsePrometheus(text: string): Series {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

export async function scrapeMetrics(url: string, token = RUN_METRICS_TOKEN): Promise<MetricsReading> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const series = parsePrometheus(await response.text());
  const one = (name: string, labels: Record<string, string> = {}) => series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? Number.NaN;
  const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;
  const mb = (bytes: number) => Math.round(bytes / 104_857.6) / 10;
  return {
    poolInUse: one('bulletin_db_pool_connections', { state: 'in_use' }),
    poolFree: one('bulletin_db_pool_connections', { state: 'free' }),
    poolWaiting: one('bulletin_db_pool_waiting'),
    eventLoopLagMeanMs: ms(one('nodejs_eventloop_lag_mean_seconds')),
    eventLoopLagP99Ms: ms(one('nodejs_eventloop_lag_p99_seconds')),
    eventLoopLagMaxMs: ms(one('nodejs_eventloop_lag_max_seconds')),
    buffers: Object.fromEntries(series.filter((s) => s.name === 'bulletin_event_buffer_pending').map((s) => [s.labels.kind, s.value])),
    heapUsedMb: mb(one('nodejs_heap_size_used_bytes')),
    heapLiveMb: mb(one('bulletin_heap_live_bytes')),
    heapTotalMb: mb(one('nodejs_heap_size_total_bytes')),
    externalMb: mb(one('nodejs_external_memory_bytes')),
  };
}
