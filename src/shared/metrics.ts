import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { liveHeapBytes } from './live-heap';

/** Every metric name starts with this, so a scrape of several services stays apart. */
export const METRIC_PREFIX = 'bulletin_';

export type Labels = Record<string, string | number>;

export interface CounterMetric {
  inc(labels?: Labels, value?: number): void;
}

export interface HistogramMetric {
  observe(labels: Labels, value: number): void;
}

/** One reading of a gauge: a single value, or one value per label set. */
export type GaugeReading = number | ReadonlyArray<{ labels: Labels; value: number }>;

/**
 * What a feature registers its numbers with. One per app (tests build many apps): every part
 * receives it from the wiring rather than reaching for a global registry. A gauge is read when
 * /metrics is scraped, so a buffer or a queue only has to say how long it is when asked.
 * Names are given without the `bulletin_` prefix.
 */
export interface Metrics {
  counter(name: string, help: string, labelNames?: readonly string[]): CounterMetric;
  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): HistogramMetric;
  /** `read` may be async (a count from the database); when it fails the scrape shows no sample of this gauge rather than failing. */
  gauge(name: string, help: string, read: () => GaugeReading | Promise<GaugeReading>, labelNames?: readonly string[]): void;
  /** The Prometheus text exposition of everything registered. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Seconds; from a cached answer (~1 ms) to a request at the statement timeout. */
export const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Node's own: event-loop lag (nodejs_eventloop_lag_seconds), heap, GC, handles, CPU.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    counter(name, help, labelNames = []) {
      const counter = new Counter({ name: METRIC_PREFIX + name, help, labelNames: [...labelNames], registers: [registry] });
      return { inc: (labels = {}, value = 1) => counter.inc(labels, value) };
    },
    histogram(name, help, labelNames, buckets) {
      const histogram = new Histogram({ name: METRIC_PREFIX + name, help, labelNames: [...labelNames], buckets: [...buckets], registers: [registry] });
      return { observe: (labels, value) => histogram.observe(labels, value) };
    },
    gauge(name, help, read, labelNames = []) {
      new Gauge({
        name: METRIC_PREFIX + name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        async collect() {
          this.reset();
          const reading = await Promise.resolve()
            .then(read)
            .catch(() => []);
          if (typeof reading === 'number') this.set(reading);
          else for (const { labels, value } of reading) this.set(labels, value);
        },
      });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
  if (options.processMetrics ?? true) {
    liveHeapBytes();
    metrics.gauge('heap_live_bytes', 'V8 heap in use just after the last major garbage collection (0 until the first): the live set, without uncollected garbage', liveHeapBytes);
  }
  return metrics;
}

/** A Metrics that records nothing: for parts built outside a server (commands, unit tests). */
export function noMetrics(): Metrics {
  return {
    counter: () => ({ inc: () => {} }),
    histogram: () => ({ observe: () => {} }),
    gauge: () => {},
    render: async () => ({ contentType: 'text/plain', body: '' }),
  };
}
