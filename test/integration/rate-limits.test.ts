import type { App } from '../../src/app';
import { Role, signIn, testAddress } from '../helpers/accounts';
import { issueApiKey, withKey } from '../helpers/api-keys';
import { startHarness, type Harness } from '../helpers/harness';
import { startSecondInstance } from '../helpers/second-instance';

/**
 * Per-key limits (each key's rateLimitPerMinute) and the per-address anonymous limit, counted in
 * Redis when REDIS_URL is set (shared by instances) and in process otherwise.
 */

const QUERY = '{ articles(first: 1) { nodes { id } } }';

async function post(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: { errors?: { message: string; extensions: Record<string, unknown> }[] } }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}

function expectRateLimited(answer: Awaited<ReturnType<typeof post>>, limit: number): void {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
  expect(answer.body.errors?.[0].message).toContain(`${limit} requests per minute`);
}

async function statuses(url: string, headers: Record<string, string>, count: number): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < count; i += 1) answers.push((await post(url, headers)).status);
  return answers;
}

describe('in process (no REDIS_URL)', () => {
  let h: Harness;
  let adminToken: string;
  beforeAll(async () => {
    h = await startHarness({ TRUST_PROXY: 'true' });
    adminToken = (await signIn(h, { role: Role.ADMIN })).token;
  });
  afterAll(() => h?.close());

  test('a key gets its limit, then 429 with Retry-After and RATE_LIMITED; another key is not affected', async () => {
    const limited = await issueApiKey(h, adminToken, { rateLimitPerMinute: 3 });
    const other = await issueApiKey(h, adminToken, { rateLimitPerMinute: 3 });
    expect(await statuses(h.url, withKey(limited.key).headers, 3)).toEqual([200, 200, 200]);
    expectRateLimited(await post(h.url, withKey(limited.key, 'bearer').headers), 3);
    expect((await post(h.url, withKey(other.key).headers)).status).toBe(200);
  });

  test('the limit is per key, whatever address it comes from', async () => {
    const { key } = await issueApiKey(h, adminToken, { rateLimitPerMinute: 2 });
    expect((await post(h.url, { 'x-api-key': key, 'x-forwarded-for': testAddress() })).status).toBe(200);
    expect((await post(h.url, { 'x-api-key': key, 'x-forwarded-for': testAddress() })).status).toBe(200);
    expectRateLimited(await post(h.url, { 'x-api-key': key, 'x-forwarded-for': testAddress() }), 2);
  });

  test('anonymous and staff requests are not limited by default', async () => {
    const address = testAddress();
    expect(new Set(await statuses(h.url, { 'x-forwarded-for': address }, 25))).toEqual(new Set([200]));
    expect(new Set(await statuses(h.url, { authorization: `Bearer ${adminToken}` }, 5))).toEqual(new Set([200]));
  });
});

describe('with ANONYMOUS_RATE_LIMIT_PER_MINUTE', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ TRUST_PROXY: 'true', ANONYMOUS_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => h?.close());

  test('each client address gets the anonymous limit; staff are not limited', async () => {
    const address = testAddress();
    expect(await statuses(h.url, { 'x-forwarded-for': address }, 2)).toEqual([200, 200]);
    expectRateLimited(await post(h.url, { 'x-forwarded-for': address }), 2);
    expect((await post(h.url, { 'x-forwarded-for': testAddress() })).status).toBe(200);
    const { token } = await signIn(h, { role: Role.EDITOR });
    expect(new Set(await statuses(h.url, { 'x-forwarded-for': address, authorization: `Bearer ${token}` }, 3))).toEqual(new Set([200]));
  });

  test('routes that never authenticate (health) are not counted', async () => {
    const address = testAddress();
    for (let i = 0; i < 4; i += 1) expect((await fetch(`${h.url}/healthz`, { headers: { 'x-forwarded-for': address } })).status).toBe(200);
  });
});

describe('with REDIS_URL, shared by instances', () => {
  const redisUrl = process.env.REDIS_URL;
  const maybe = redisUrl ? test : test.skip;
  let h: Harness;
  let other: App | undefined;
  let otherUrl: string;
  beforeAll(async () => {
    if (!redisUrl) return;
    h = await startHarness({ REDIS_URL: redisUrl });
    ({ app: other, url: otherUrl } = await startSecondInstance(h));
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  maybe('two instances count one key together', async () => {
    const adminToken = (await signIn(h, { role: Role.ADMIN })).token;
    const { key } = await issueApiKey(h, adminToken, { rateLimitPerMinute: 4 });
    expect(await statuses(h.url, withKey(key).headers, 2)).toEqual([200, 200]);
    expect(await statuses(otherUrl, withKey(key).headers, 2)).toEqual([200, 200]);
    expectRateLimited(await post(otherUrl, withKey(key).headers), 4);
    expectRateLimited(await post(h.url, withKey(key).headers), 4);
  });
});
