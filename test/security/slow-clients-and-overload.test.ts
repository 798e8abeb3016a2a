import { attackClass } from '../helpers/attack';
import { startHarness, type Harness } from '../helpers/harness';
import { graphqlPostHead, rawRequest } from '../helpers/raw-http';
import { parsePrometheus } from '../reliability/lib/metrics-scrape';

const CLASS = attackClass('resource exhaustion');

const REQUEST_TIMEOUT_MS = 1_000;
/** Node sweeps for expired requests every quarter of the limit here; the rest is room for a shared CI machine. */
const CUT_WITHIN_MS = 2_500;
/** What Fastify answers when Node reports the request timeout. */
const TIMEOUT_BODY = { error: 'Request Timeout', message: 'Client Timeout', statusCode: 408 };
const QUERY = '{"query":"{ __typename }"}';

describe(`${CLASS} slow clients: the whole-request timeout (REQUEST_TIMEOUT_MS=1000) and the head size (MAX_HEADER_BYTES=4096)`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), MAX_HEADER_BYTES: '4096' });
  });
  afterAll(() => h?.close());

  function expectCutAtTheDeadline(exchange: Awaited<ReturnType<typeof rawRequest>>): void {
    expect(exchange.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(exchange.body)).toEqual(TIMEOUT_BODY);
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 10);
    expect(exchange.closedAfterMs).toBeLessThan(CUT_WITHIN_MS);
  }

  test(`${CLASS} a client that sends the head and then halts the body is answered 408 and cut off at the limit`, async () => {
    expectCutAtTheDeadline(await rawRequest(h.url, [graphqlPostHead(QUERY.length), QUERY.slice(0, 10)]));
  });

  test(`${CLASS} a body trickled a byte every 100 ms is cut at the same deadline: the limit is on the whole request, not on silence`, async () => {
    const body = QUERY.padEnd(200, ' ');
    const exchange = await rawRequest(h.url, [graphqlPostHead(body.length), ...body], { gapMs: 100 });
    expectCutAtTheDeadline(exchange);
  });

  test(`${CLASS} a head trickled a line every 100 ms, never finished, is cut at the same deadline`, async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: ${'y'.repeat(20)}\r\n`);
    expectCutAtTheDeadline(await rawRequest(h.url, ['POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n', ...lines], { gapMs: 100 }));
  });

  test(`${CLASS} a slow but complete request (three parts 200 ms apart) is served`, async () => {
    const head = graphqlPostHead(QUERY.length);
    const exchange = await rawRequest(h.url, [head.slice(0, 40), head.slice(40), QUERY], { gapMs: 200 });
    expect(exchange.statusLine).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(exchange.body)).toEqual({ data: { __typename: 'Query' } });
  });

  test(`${CLASS} a head over MAX_HEADER_BYTES is refused with 431; one under it is served`, async () => {
    const post = (pad: number) => fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pad': 'x'.repeat(pad) }, body: QUERY });
    expect((await post(5_000)).status).toBe(431);
    const served = await post(3_000);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

const METRICS_TOKEN = 'metrics-token-0123456789';

interface Refusal {
  status: number;
  retryAfter: string | null;
  body: { errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function graphqlQuery(h: Harness): Promise<Refusal> {
  const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Refusal['body'] };
}

// test/integration/overload.test.ts covers the pool queue and event-loop delay; this is the heap.
describe(`${CLASS} overload protection: the heap threshold (OVERLOAD_MAX_HEAP_BYTES=1, always exceeded)`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ OVERLOAD_MAX_HEAP_BYTES: '1', OVERLOAD_SAMPLE_MS: '50', OVERLOAD_RETRY_AFTER_SECONDS: '7', METRICS_TOKEN });
  });
  afterAll(() => h?.close());

  test(`${CLASS} GraphQL is answered 503 SERVICE_UNAVAILABLE (cause heapUsedBytes) with Retry-After, before any SQL; probes and metrics still answer and count each refusal`, async () => {
    // The heap is sampled every 50 ms from start: until the first sample the limit is not known to be exceeded.
    let refusals = 0;
    let answer = await graphqlQuery(h);
    for (let attempt = 0; attempt < 100 && answer.status !== 503; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await graphqlQuery(h);
    }
    expect(answer.status).toBe(503);
    refusals += 1;

    const statementsBefore = h.queryCount();
    const again = await graphqlQuery(h);
    refusals += 1;
    expect(h.queryCount()).toBe(statementsBefore);
    for (const refused of [answer, again]) {
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBe('7');
      expect(refused.body).toEqual({
        errors: [{ message: 'The server is overloaded; retry after a few seconds', extensions: { code: 'SERVICE_UNAVAILABLE', cause: 'heapUsedBytes' } }],
      });
    }

    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    const scrape = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    // Every refusal counted, under its cause and no other.
    const counted = parsePrometheus(await scrape.text()).filter((series) => series.name === 'bulletin_overload_refusals_total');
    expect(counted).toEqual([{ name: 'bulletin_overload_refusals_total', labels: { cause: 'heapUsedBytes' }, value: refusals }]);
  });
});
