import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startArticleScheduler } from '../../src/modules/article/article-scheduler';
import { createMetrics } from '../../src/shared/metrics';
import { startHarness, type Harness } from '../helpers/harness';

const TOKEN = 'metrics-token-0123456789';

/** A scrape with `token` as bearer token (null: no Authorization header). */
async function scrape(h: Harness, token: string | null = TOKEN): Promise<{ status: number; body: string; contentType: string | null }> {
  const response = await fetch(`${h.url}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
}

/** The value of one series line (`name{labels} value`) of a scrape, or undefined. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics with METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => h?.close());

  test('refuses a scrape without the token, or with another one (401 UNAUTHENTICATED)', async () => {
    for (const token of [null, 'metrics-token-0123456788', `${TOKEN}x`]) {
      const answer = await scrape(h, token);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  test('counts requests by route, operation and status, with latency histograms', async () => {
    await h.gql('query LatestNews { articles(first: 2) { nodes { id } } }');
    await h.gql('query LatestNews { articles(first: 2) { nodes { id } } }');
    const { status, body, contentType } = await scrape(h);
    expect(status).toBe(200);
    expect(contentType).toContain('text/plain');
    expect(sample(body, 'bulletin_http_requests_total{route="/graphql",operation="query LatestNews",status="200"}')).toBe(2);
    expect(sample(body, 'bulletin_http_request_duration_seconds_count{route="/graphql",operation="query LatestNews"}')).toBe(2);
    expect(body).toContain('bulletin_http_request_duration_seconds_bucket{le="0.005",route="/graphql",operation="query LatestNews"}');
  });

  test('counts GraphQL errors by code and refused limits by limit', async () => {
    const before = await scrape(h);
    const deep = '{ articles { nodes { category { articles { nodes { category { articles { nodes { id } } } } } } } } }';
    await h.gql(deep);
    await h.gql(`{ articles(first: 1, filter: { status: [${'PUBLISHED '.repeat(1_000)}] }) { totalCount } }`);
    await h.gql('{ article(slug: "x\\u0000y") { id } }');
    const after = await scrape(h);
    const delta = (series: string) => (sample(after.body, series) ?? 0) - (sample(before.body, series) ?? 0);
    expect(delta('bulletin_graphql_limit_refusals_total{limit="depth"}')).toBe(1);
    expect(delta('bulletin_graphql_limit_refusals_total{limit="tokens"}')).toBe(1);
    expect(delta('bulletin_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(delta('bulletin_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(2);
  });

  test('shows the database pool, the view buffer and Node event-loop lag', async () => {
    const { body } = await scrape(h);
    expect(sample(body, 'bulletin_db_pool_connections{state="in_use"}')).toBe(0);
    expect(sample(body, 'bulletin_db_pool_connections{state="free"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'bulletin_db_pool_waiting')).toBe(0);
    expect(sample(body, 'bulletin_event_buffer_pending{kind="article-view"}')).toBe(0);
    expect(body).toMatch(/^bulletin_event_buffer_pending\{kind="ad-[a-z-]+"\} 0$/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  test('reports the live heap as measured right after a major garbage collection', async () => {
    // A full collection on demand: V8 exposes gc() to a new context once the flag is set.
    v8.setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    // The GC observer is called back after the collection, not inside it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const live = sample((await scrape(h)).body, 'bulletin_heap_live_bytes');
    const used = v8.getHeapStatistics().used_heap_size;
    expect(live).toBeGreaterThan(1024 * 1024);
    expect(live).toBeLessThanOrEqual(used * 1.5);
  });

  test('gives a client-chosen operation name a label only when it is a plain GraphQL name', async () => {
    await h.gql('query { __typename }');
    const { body } = await scrape(h);
    expect(sample(body, 'bulletin_http_requests_total{route="/graphql",operation="query (anonymous)",status="200"}')).toBeGreaterThanOrEqual(1);
  });

  test('the scheduler reports its runs and its lag', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const stop = startArticleScheduler({ orm: h.orm, listeners: h.app.articleChanges, intervalMs: 60_000, log: { info: () => {}, error: () => {} }, metrics });
    try {
      let body = '';
      for (let attempt = 0; attempt < 100 && sample(body, 'bulletin_scheduler_runs_total{outcome="ok"}') !== 1; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        body = (await metrics.render()).body;
      }
      expect(sample(body, 'bulletin_scheduler_runs_total{outcome="ok"}')).toBe(1);
      expect(sample(body, 'bulletin_scheduler_lag_seconds')).toBe(0);
    } finally {
      await stop();
    }
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  test('is not served (404)', async () => {
    expect((await scrape(h)).status).toBe(404);
  });
});
