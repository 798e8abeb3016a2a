import fs from 'node:fs';
import path from 'node:path';
import { startHarness, type Harness } from '../helpers/harness';

const VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('GET / (IDE on)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GRAPHQL_IDE: 'true' });
  });
  afterAll(() => h.close());

  test('answers JSON naming the service, its version and where the API, IDE and health checks are', async () => {
    const response = await fetch(`${h.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('vary')).toBe('accept');
    expect(await response.json()).toEqual({
      service: 'Bulletin',
      description: 'Headless news CMS with a GraphQL API',
      version: VERSION,
      endpoints: { graphql: '/graphql', ide: '/graphql', health: '/healthz', ready: '/readyz' },
    });
  });

  test('every path it names answers', async () => {
    const { endpoints } = (await (await fetch(`${h.url}/`)).json()) as { endpoints: Record<string, string> };
    expect((await fetch(`${h.url}${endpoints.health}`)).status).toBe(200);
    expect((await fetch(`${h.url}${endpoints.ready}`)).status).toBe(200);
    expect((await fetch(`${h.url}${endpoints.ide}`, { headers: HTML })).headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await h.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  test('a browser gets a small page with the same facts, under a CSP without scripts', async () => {
    const response = await fetch(`${h.url}/`, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const html = await response.text();
    expect(html).toContain(`Bulletin <small>${VERSION}</small>`);
    expect(html).toContain('<code>POST /graphql</code>');
    expect(html).toContain('<a href="/graphql"><code>/graphql</code></a>');
    expect(html).toContain('<a href="/healthz">');
    expect(html).toContain('<a href="/readyz">');
    expect(html).not.toContain('<script');
  });

  test('HEAD / answers without a body; other methods and paths stay 404', async () => {
    const head = await fetch(`${h.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${h.url}/`, { method: 'POST' })).status).toBe(404);
    const other = await fetch(`${h.url}/nothing-here`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: 'Not found' });
  });
});

describe('GET / (IDE off)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GRAPHQL_IDE: 'false' });
  });
  afterAll(() => h.close());

  test('does not name an IDE', async () => {
    const body = (await (await fetch(`${h.url}/`)).json()) as { endpoints: Record<string, string> };
    expect(body.endpoints).toEqual({ graphql: '/graphql', health: '/healthz', ready: '/readyz' });
    const html = await (await fetch(`${h.url}/`, { headers: HTML })).text();
    expect(html).toContain('IDE: disabled on this server (<code>GRAPHQL_IDE</code>)');
    expect(html).not.toContain('<a href="/graphql">');
  });
});
