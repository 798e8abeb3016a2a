import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startHarness, type Harness } from '../helpers/harness';

const PREFLIGHT = (origin: string) => ({
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
});

describe('CORS with CORS_ORIGINS=https://tin.example.vn', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CORS_ORIGINS: 'https://tin.example.vn' });
  });
  afterAll(() => h?.close());

  test('allows a preflight from the listed origin', async () => {
    const response = await fetch(`${h.url}/graphql`, PREFLIGHT('https://tin.example.vn'));
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://tin.example.vn');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  test('does not allow a preflight from another origin', async () => {
    const response = await fetch(`${h.url}/graphql`, PREFLIGHT('https://evil.example'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a GraphQL answer to the listed origin names it; to another origin it does not', async () => {
    const ok = await h.gql('{ __typename }', undefined, { headers: { origin: 'https://tin.example.vn' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://tin.example.vn');
    const evil = await h.gql('{ __typename }', undefined, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(200);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('without CORS_ORIGINS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  test('sends no CORS headers, to a preflight or a request', async () => {
    const preflight = await fetch(`${h.url}/graphql`, PREFLIGHT('https://tin.example.vn'));
    const request = await h.gql('{ __typename }', undefined, { headers: { origin: 'https://tin.example.vn' } });
    for (const response of [preflight, request]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  test('sends API security headers (helmet) and no CSP on JSON answers', async () => {
    const response = await fetch(`${h.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toBeNull();
    // Images are embedded by the newsroom's sites on other origins.
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  test('a missing media file is not cached as if it were one (the route cache policy is for answers it serves)', async () => {
    const response = await fetch(`${h.url}/media/${'b'.repeat(64)}.jpg`);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control') ?? '').not.toContain('immutable');
  });
});

describe('CORS_ORIGINS validation', () => {
  const base = { NODE_ENV: 'test', APP_SECRET: 'test-secret-test-secret-test-secret-0123' };

  test('takes comma-separated exact origins', () => {
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://tin.example.vn, http://localhost:3000' }).corsOrigins).toEqual(['https://tin.example.vn', 'http://localhost:3000']);
    expect(loadConfig(base).corsOrigins).toEqual([]);
  });

  test.each(['*', 'tin.example.vn', 'https://tin.example.vn/', 'https://tin.example.vn/path', 'ftp://tin.example.vn'])('refuses %s', (origin) => {
    expect(() => loadConfig({ ...base, CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS/);
  });
});

describe('access log in production', () => {
  let h: Harness;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    // What createLogger gives production: JSON lines at info.
    h = await startHarness({}, { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => h?.close());

  const accessLines = (requestId: string) => lines.filter((line) => line.msg === 'request' && line.requestId === requestId);

  test('writes exactly one JSON line per request with method, route, status, duration and request id', async () => {
    await fetch(`${h.url}/healthz`, { headers: { 'x-request-id': 'log-health-1' } });
    await h.gql('{ __typename }', undefined, { headers: { 'x-request-id': 'log-gql-1' } });
    await fetch(`${h.url}/no/such/page`, { headers: { 'x-request-id': 'log-404-1' } });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const health = accessLines('log-health-1');
    expect(health).toHaveLength(1);
    expect(health[0]).toMatchObject({ level: 30, method: 'GET', route: '/healthz', status: 200, requestId: 'log-health-1' });
    expect(typeof health[0].durationMs).toBe('number');

    expect(accessLines('log-gql-1')).toEqual([expect.objectContaining({ method: 'POST', route: '/graphql', status: 200, durationMs: expect.any(Number) })]);
    expect(accessLines('log-404-1')).toEqual([expect.objectContaining({ method: 'GET', status: 404 })]);
    // Nothing else per request: Fastify's own "incoming request" / "request completed" lines are off.
    expect(lines.filter((line) => line.requestId === 'log-health-1')).toHaveLength(1);
  });
});
