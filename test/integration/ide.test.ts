import { startHarness, type Harness } from '../helpers/harness';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The src/href attribute values of a page, in order. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
}

describe('GraphQL IDE (enabled)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GRAPHQL_IDE: 'true' });
  });
  afterAll(() => h.close());

  test('a browser asking for /graphql gets the GraphiQL page with a strict CSP', async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    const html = await response.text();
    // No inline script: every <script> has a src and an empty body.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(html).toContain('id="graphiql"');
  });

  test('the page references only same-origin assets, each served with the right type', async () => {
    const html = await (await fetch(`${h.url}/graphql`, { headers: HTML })).text();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/ide\/[a-z0-9.-]+$/);
      const response = await fetch(`${h.url}${url}`);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const type = url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBeTruthy();
      const body = await response.text();
      expect(body.length).toBeGreaterThan(url.includes('graphiql.min') ? 100_000 : 30);
    }
  });

  test('the bootstrap points GraphiQL at /graphql with a same-origin fetcher', async () => {
    const body = await (await fetch(`${h.url}/ide/bootstrap.js`)).text();
    expect(body).toContain('"/graphql"');
    expect(body).toContain("credentials: 'same-origin'");
    expect(body).toContain('options && options.headers');
  });

  test('an unchanged asset revalidates with 304', async () => {
    const first = await fetch(`${h.url}/ide/react.production.min.js`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${h.url}/ide/react.production.min.js`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  test.each([
    '/ide/../../package.json',
    '/ide/%2e%2e/%2e%2e/package.json',
    '/ide/..%2f..%2fpackage.json',
    '/ide/',
    '/ide/graphiql.js',
    '/ide/umd/react.production.min.js',
  ])('%s is 404', async (path) => {
    const response = await fetch(`${h.url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('"dependencies"');
  });

  test('GraphQL clients still get GraphQL from GET /graphql', async () => {
    const query = `${h.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    // Apollo's CSRF prevention wants this header on GET requests.
    const preflight = { 'apollo-require-preflight': 'true' };
    const withHtmlAccept = await fetch(query, { headers: { ...HTML, ...preflight } });
    expect(withHtmlAccept.headers.get('content-type')).not.toContain('text/html');
    const json = await fetch(query, { headers: { accept: 'application/json', ...preflight } });
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphQL IDE (disabled)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GRAPHQL_IDE: 'false' });
  });
  afterAll(() => h.close());

  test('GET /graphql from a browser is left to Apollo', async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: HTML });
    expect(response.headers.get('content-type')).not.toContain('text/html');
    expect(await response.text()).not.toContain('graphiql');
  });

  test('the asset routes are 404', async () => {
    for (const path of ['/ide/graphiql.min.js', '/ide/bootstrap.js', '/ide/graphiql.min.css']) {
      expect((await fetch(`${h.url}${path}`)).status).toBe(404);
    }
  });
});
