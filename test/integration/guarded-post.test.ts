import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedPost, RequestRefusedError } from '../../src/modules/webhook';

/**
 * The outgoing client against real sockets on loopback: what it refuses before connecting, the
 * redirects it follows (each re-checked), its timeout and its answer cap.
 */

type Handler = (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void;
let handler: Handler = (_request, _body, response) => response.end('ok');
const seen: { method: string; url: string; body: string }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method ?? '', url: request.url ?? '', body });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const options = (overrides: Partial<Parameters<typeof guardedPost>[3]> = {}) => ({ policy: { allowLoopback: true }, timeoutMs: 2_000, maxResponseBytes: 1_024, maxRedirects: 3, ...overrides });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(RequestRefusedError);
  return (error as Error).message;
};

test('posts the body with its headers and returns the status and answer', async () => {
  handler = (request, _body, response) => {
    response.statusCode = 202;
    response.end(`got ${request.headers['webhook-signature']}`);
  };
  expect(await guardedPost(`${base}/in`, '{"a":1}', { 'webhook-signature': 'v1=ab' }, options())).toEqual({ status: 202, body: 'got v1=ab' });
  expect(seen).toEqual([{ method: 'POST', url: '/in', body: '{"a":1}' }]);
});

describe('refused before any connection', () => {
  test.each([
    ['a loopback literal', (port: string) => `http://127.0.0.1:${port}/`, '127.0.0.1 is a loopback address'],
    ['an IPv6 loopback literal', (port: string) => `http://[::1]:${port}/`, '::1 is a loopback address'],
    ['an IPv4-mapped loopback literal', (port: string) => `http://[::ffff:127.0.0.1]:${port}/`, '::ffff:7f00:1 is a loopback address'],
    ['a name resolving to loopback', (port: string) => `http://localhost:${port}/`, 'is a loopback address'],
  ])('%s when loopback is not allowed', async (_what, url, message) => {
    const port = new URL(base).port;
    expect(await refusal(guardedPost(url(port), '{}', {}, options({ policy: { allowLoopback: false } })))).toContain(message);
    expect(seen).toEqual([]);
  });

  test.each([['ftp://example.com/x'], ['file:///etc/passwd'], ['gopher://example.com/']])('%s (not http or https)', async (url) => {
    expect(await refusal(guardedPost(url, '{}', {}, options()))).toMatch(/URLs are not allowed \(http and https only\)$/);
  });

  test('a private address, even with loopback allowed', async () => {
    expect(await refusal(guardedPost('http://10.0.0.1/', '{}', {}, options()))).toBe('10.0.0.1 is a private address');
    expect(await refusal(guardedPost('http://169.254.169.254/latest/meta-data', '{}', {}, options()))).toBe('169.254.169.254 is a link-local address');
  });
});

describe('redirects', () => {
  test('are followed by hand, re-posting the same body', async () => {
    handler = (request, _body, response) => {
      if (request.url === '/old') {
        response.writeHead(308, { location: '/new' }).end();
        return;
      }
      response.writeHead(204).end();
    };
    expect(await guardedPost(`${base}/old`, '{"b":2}', {}, options())).toEqual({ status: 204, body: '' });
    expect(seen).toEqual([
      { method: 'POST', url: '/old', body: '{"b":2}' },
      { method: 'POST', url: '/new', body: '{"b":2}' },
    ]);
  });

  test('to a refused address are not followed', async () => {
    handler = (_request, _body, response) => response.writeHead(302, { location: 'http://192.168.0.10/admin' }).end();
    expect(await refusal(guardedPost(`${base}/go`, '{}', {}, options()))).toBe('192.168.0.10 is a private address');
    expect(seen).toHaveLength(1);
  });

  test('to another scheme are refused', async () => {
    handler = (_request, _body, response) => response.writeHead(301, { location: 'file:///etc/passwd' }).end();
    expect(await refusal(guardedPost(`${base}/go`, '{}', {}, options()))).toBe('file: URLs are not allowed (http and https only)');
  });

  test('stop after three', async () => {
    handler = (request, _body, response) => response.writeHead(302, { location: `/hop${Number(request.url?.slice(4) || 0) + 1}` }).end();
    expect(await refusal(guardedPost(`${base}/hop0`, '{}', {}, options()))).toBe('more than 3 redirects');
    expect(seen.map((request) => request.url)).toEqual(['/hop0', '/hop1', '/hop2', '/hop3']);
  });
});

test('an answer that does not come within the timeout fails the attempt', async () => {
  handler = () => undefined; // never answers
  await expect(guardedPost(`${base}/slow`, '{}', {}, options({ timeoutMs: 300 }))).rejects.toThrow('no complete answer within 300 ms');
});

test('reads at most maxResponseBytes of an answer', async () => {
  handler = (_request, _body, response) => {
    response.writeHead(200);
    response.end('x'.repeat(1_000_000));
  };
  const answer = await guardedPost(`${base}/big`, '{}', {}, options({ maxResponseBytes: 1_024 }));
  expect(answer.status).toBe(200);
  expect(answer.body).toHaveLength(1_024);
});
