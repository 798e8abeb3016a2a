import http from 'node:http';
import { serverAudits, type AuditResult } from 'graphql-http';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** A raw request through node:http: full control over headers and body, whatever fetch would normalize. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

describe('GraphQL over HTTP audits (graphql-http)', () => {
  const audits = serverAudits({ url: () => `${h.url}/graphql` });

  /**
   * Recommendations (SHOULD / MAY) we knowingly do not follow, with the reason. Every other audit
   * must pass: a regression fails, and an improvement fails too until this list is updated.
   */
  const KNOWN_DEVIATIONS: Record<string, string> = {
    // Apollo's CSRF prevention refuses GETs without a content-type or preflight header
    // (x-apollo-operation-name / apollo-require-preflight). Kept on purpose: browsers send "simple" GETs cross-site.
    '5A70': 'CSRF prevention blocks simple GET requests',
    D6D5: 'CSRF prevention blocks simple GET requests',
    '6A70': 'CSRF prevention blocks simple GET requests',
    // Apollo answers 400 (not 200) to parse, validation and coercion failures under application/json.
    // The spec's application/graphql-response+json audits for the same cases (400) pass.
    '572B': 'Apollo uses 400 for document parsing failures',
    FDE2: 'Apollo uses 400 for document validation failures',
    '7B9B': 'Apollo uses 400 for variable coercion failures',
  };

  test('there are audits, MUST ones among them', () => {
    expect(audits.length).toBeGreaterThan(30);
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  test.each(audits.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_title, audit) => {
    const result: AuditResult = await audit.fn();
    const detail =
      result.status === 'ok'
        ? 'ok'
        : `${result.status}: ${result.reason}\n  HTTP ${result.response.status} ${result.response.headers.get('content-type')}\n  ${await result.response.text().catch(() => '(body already read)')}`;
    if (audit.name.startsWith('MUST') || !(audit.id in KNOWN_DEVIATIONS)) {
      expect(detail).toBe('ok');
    } else {
      expect(detail).not.toBe('ok'); // fixed? remove it from KNOWN_DEVIATIONS
    }
  });
});

describe('plain routes', () => {
  test('/healthz answers 200 without touching the database', async () => {
    const before = h.queryCount();
    const response = await fetch(`${h.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(h.queryCount()).toBe(before);
  });

  test('/readyz answers 200 and ready: true when the database answers and migrations are applied', async () => {
    const response = await fetch(`${h.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ready: true, database: 'ok', pendingMigrations: 0 });
  });

  test('an unknown path is a 404', async () => {
    const response = await fetch(`${h.url}/wp-admin/install.php`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found' });
  });

  test('an unknown media file is a 404, and the media route names nothing outside its directory', async () => {
    expect((await fetch(`${h.url}/media/${'a'.repeat(64)}.jpg`)).status).toBe(404);
    expect((await rawRequest(`${h.url}/media/..%2F..%2Fpackage.json`, {})).status).toBe(404);
    expect((await rawRequest(`${h.url}/media/../package.json`, {})).status).toBe(404);
  });
});

describe('request ids', () => {
  test('echoes a sane x-request-id', async () => {
    const response = await fetch(`${h.url}/healthz`, { headers: { 'x-request-id': 'edge-42.abc_DEF' } });
    expect(response.headers.get('x-request-id')).toBe('edge-42.abc_DEF');
  });

  test('generates one when none is given', async () => {
    const response = await fetch(`${h.url}/healthz`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test.each([
    ['with spaces and a newline-ish payload', 'abc def'],
    ['overlong', 'a'.repeat(65)],
    ['with markup', '<script>alert(1)</script>'],
  ])('replaces an unsafe one (%s)', async (_name, given) => {
    const response = await rawRequest(`${h.url}/healthz`, { headers: { 'x-request-id': given } });
    expect(response.headers['x-request-id']).not.toBe(given);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('sets one on GraphQL responses too', async () => {
    const result = await h.gql('{ __typename }', undefined, { headers: { 'x-request-id': 'gql-req-1' } });
    expect(result.headers.get('x-request-id')).toBe('gql-req-1');
  });
});

describe('request bodies', () => {
  test('invalid JSON is a 400 in the GraphQL error shape', async () => {
    const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test('a body within MAX_BODY_BYTES is served', async () => {
    const result = await h.gql(`{ __typename ${' '.repeat(900)} }`);
    expect(result.status).toBe(200);
  });

  describe('with MAX_BODY_BYTES=2000', () => {
    let small: Harness;
    beforeAll(async () => {
      small = await startHarness({ MAX_BODY_BYTES: '2000' });
    });
    afterAll(() => small?.close());

    const query = (padding: number) => JSON.stringify({ query: `{ __typename ${' '.repeat(padding)} }` });

    test('a body under the limit is served', async () => {
      const response = await rawRequest(`${small.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query(1500) });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ data: { __typename: 'Query' } });
    });

    test('an oversize body (declared content-length) is a 413', async () => {
      const response = await rawRequest(`${small.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query(3000) });
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body).errors[0]).toEqual({ message: 'Request body is larger than 2000 bytes (2 KiB)', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    });

    test('an oversize chunked body (no content-length) is a 413', async () => {
      const body = Buffer.from(query(10_000));
      const chunks = Array.from({ length: 10 }, (_, i) => body.subarray(i * 1024, (i + 1) * 1024)).filter((c) => c.length > 0);
      const response = await rawRequest(`${small.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks });
      expect(response.status).toBe(413);
    });

    test('the server still answers after refusing a body', async () => {
      const response = await fetch(`${small.url}/healthz`);
      expect(response.status).toBe(200);
    });
  });
});

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  test('works by default in tests', async () => {
    const data = dataOf(await h.gql<{ __schema: { queryType: { name: string } } }>(INTROSPECT));
    expect(data.__schema.queryType.name).toBe('Query');
  });

  describe('with GRAPHQL_INTROSPECTION=false', () => {
    let closed: Harness;
    beforeAll(async () => {
      closed = await startHarness({ GRAPHQL_INTROSPECTION: 'false' });
    });
    afterAll(() => closed?.close());

    test('refuses __schema and __type', async () => {
      for (const query of [INTROSPECT, '{ __type(name: "Article") { fields { name } } }']) {
        const result = await closed.gql(query);
        expect(result.status).toBeGreaterThanOrEqual(400);
        expect(result.status).toBeLessThan(500);
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(result.errors?.[0].message).toMatch(/introspection/i);
      }
    });

    test('does not suggest field names in validation errors', async () => {
      const result = await closed.gql('{ articel(slug: "x") { id } }');
      expect(result.errors?.[0].message).not.toMatch(/Did you mean/);
    });

    test('still serves ordinary queries', async () => {
      expect(dataOf(await closed.gql('{ __typename }'))).toEqual({ __typename: 'Query' });
    });
  });
});

describe('error masking', () => {
  let broken: Harness;
  beforeAll(async () => {
    // A private copy with a column gone: every category read now fails inside PostgreSQL.
    broken = await startHarness();
    await broken.orm.em.getConnection().execute('alter table category rename column name to name_removed_for_test');
  });
  afterAll(() => broken?.close());

  test('an internal error is "Internal server error" with a request id matching the x-request-id header', async () => {
    const response = await fetch(`${broken.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ categories { id name } }' }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(response.status).toBe(200);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toBe('Internal server error');
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: response.headers.get('x-request-id') });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    // Nothing of the database or the code leaks.
    expect(text).not.toMatch(/name_removed|column|select|category|relation|postgres|stack|\.ts:|at /i);
  });

  test('uses the caller-given request id', async () => {
    const result = await broken.gql('{ categories { id } }', undefined, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(result.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-123' });
    expect(result.headers.get('x-request-id')).toBe('trace-me-123');
  });

  test('a failing field is masked while the rest of the response survives', async () => {
    const result = await broken.gql('{ site { name } categories { id } }');
    expect(result.errors?.map((e) => e.message)).toEqual(['Internal server error']);
    expect(result.errors?.[0].path).toEqual(['categories']);
  });

  test('client errors keep their own message and code on the same server', async () => {
    const result = await broken.gql('{ category(id: "not-a-uuid") { id } }');
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(result.errors?.[0].extensions).not.toHaveProperty('requestId');
  });
});
