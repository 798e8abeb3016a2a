import { startHarness, type Harness } from '../helpers/harness';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { errors?: { message: string; extensions: { code: string; cause?: string } }[] };
}

async function query(h: Harness): Promise<Answer> {
  const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** Asks until `done` holds for an answer (overload is sampled, not decided per request); gives up after `attempts`. */
async function until(h: Harness, done: (answer: Answer) => boolean, attempts = 100): Promise<Answer> {
  let answer = await query(h);
  for (let attempt = 1; attempt < attempts && !done(answer); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await query(h);
  }
  return answer;
}

describe('overload protection: the database pool queue (OVERLOAD_MAX_POOL_WAITING=1)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ OVERLOAD_MAX_POOL_WAITING: '1', OVERLOAD_SAMPLE_MS: '50', OVERLOAD_RETRY_AFTER_SECONDS: '3' });
  });
  afterAll(() => h?.close());

  test('answers 503 SERVICE_UNAVAILABLE with Retry-After while requests queue for a connection, then recovers', async () => {
    const knex = h.orm.em.getKnex();
    // The harness pool holds 5 connections: 8 slow statements leave 3 waiting.
    const hogs = Promise.all(Array.from({ length: 8 }, () => knex.raw('select pg_sleep(1.5)')));
    try {
      const refused = await until(h, (answer) => answer.status === 503);
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toBe('3');
      expect(refused.body.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', cause: 'poolWaiting' });
      // Probes still answer while the instance sheds load.
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    } finally {
      await hogs;
    }
    const recovered = await until(h, (answer) => answer.status === 200);
    expect(recovered.status).toBe(200);
  });
});

describe('overload protection: event-loop delay (OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=20)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '20', OVERLOAD_SAMPLE_MS: '100' });
  });
  afterAll(() => h?.close());

  test('answers 503 while the event loop lags', async () => {
    const block = () => {
      const end = Date.now() + 300;
      while (Date.now() < end) {
        // holds the event loop, as a CPU-bound burst would
      }
    };
    let answer: Answer | undefined;
    for (let attempt = 0; attempt < 20 && answer?.status !== 503; attempt += 1) {
      block();
      answer = await query(h);
    }
    expect(answer?.status).toBe(503);
    expect(answer?.body.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', cause: 'eventLoopDelay' });
    expect(answer?.retryAfter).toBe('5');
  });
});
