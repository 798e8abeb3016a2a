import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { SCHEMA_FILE } from '../../src/graphql/schema';
import { IDE_PACKAGES, IdeUnavailableError, buildIdeAssets } from '../../src/http/ide-assets';
import { EXAMPLE_ARTICLE_SLUG, FONT_SUBSET_RANGES, IDE_DEFAULT_QUERY, IDE_FONTS, IDE_PROPS } from '../../src/http/ide-page';
import { INTROSPECTION_DISABLED_MESSAGE } from '../../src/graphql/introspection-rule';

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

  test('the stylesheet gives the editors and the results a font with Vietnamese, served from /ide/', async () => {
    const page = await fetch(`${h.url}/graphql`, { headers: HTML });
    const fontSrc = (page.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('font-src'));
    expect(fontSrc?.split(/\s+/)).toContain("'self'");
    expect(referencedUrls(await page.text())).toContain('/ide/ide.css');

    const css = await (await fetch(`${h.url}/ide/ide.css`)).text();
    // GraphiQL 3 sets every CodeMirror editor (query, variables, headers, results) through --font-family-mono.
    expect(css).toContain("--font-family-mono: 'Noto Sans Mono'");
    expect(css).toContain("--font-family: 'Noto Sans'");
    const vietnamese = /@font-face \{[^}]*font-family: 'Noto Sans Mono';[^}]*font-weight: 400;[^}]*src: url\((\/ide\/noto-sans-mono-vietnamese-400-normal\.woff2)\) format\('woff2'\);[^}]*unicode-range: ([^;]+);/;
    const match = css.match(vietnamese);
    expect(match?.[1]).toBe('/ide/noto-sans-mono-vietnamese-400-normal.woff2');
    // "ổ" (U+1ED5) and "ư" (U+01B0) are in the Vietnamese subset's range.
    expect(match?.[2]).toContain('U+1EA0-1EF9');
    expect(match?.[2]).toContain('U+01AF-01B0');

    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]);
    expect(urls).toHaveLength(IDE_FONTS.length);
    for (const url of urls) {
      expect(url).toMatch(/^\/ide\/noto-sans(-mono)?-(latin|latin-ext|vietnamese)-[45]00-normal\.woff2$/);
      const font = await fetch(`${h.url}${url}`);
      expect({ url, status: font.status, type: font.headers.get('content-type') }).toEqual({ url, status: 200, type: 'font/woff2' });
      const body = Buffer.from(await font.arrayBuffer());
      expect(body.subarray(0, 4).toString('latin1')).toBe('wOF2');
    }
  });

  test("the fonts' unicode ranges are fontsource's own", () => {
    for (const font of IDE_FONTS) {
      const dir = path.dirname(require.resolve(`${font.pkg}/package.json`));
      // <weight>.css holds every subset's @font-face, each after a /* <stem> */ comment.
      const css = fs.readFileSync(path.join(dir, `${font.weight}.css`), 'utf8');
      const face = css.slice(css.indexOf(`/* ${font.stem} */`)).split('}')[0];
      expect(face).toContain(`url(./files/${font.stem}.woff2)`);
      expect(face).toContain(`unicode-range: ${FONT_SUBSET_RANGES[font.subset]};`);
    }
  });

  test('the bootstrap prefills an example query and opens the headers tab, without persisting headers', async () => {
    const body = await (await fetch(`${h.url}/ide/bootstrap.js`)).text();
    expect(body).toContain(JSON.stringify(IDE_DEFAULT_QUERY));
    expect(body).toContain('"defaultEditorToolsVisibility": "headers"');
    expect(body).toContain('"shouldPersistHeaders": false');
    expect(IDE_PROPS.defaultHeaders).toBe('');
    expect(IDE_DEFAULT_QUERY).toContain('{"Authorization": "Bearer <token>"}');
  });

  test('the example query is valid against the schema and finds the seeded article', async () => {
    const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    expect(validate(schema, parse(IDE_DEFAULT_QUERY))).toEqual([]);
    const data = dataOf(await h.gql<{ latest: { nodes: { slug: string; category: { name: string } }[] }; article: { title: string } | null }>(IDE_DEFAULT_QUERY));
    expect(data.latest.nodes.map((n) => n.slug)).toContain(EXAMPLE_ARTICLE_SLUG);
    expect(data.article?.title).toBe('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022');
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

describe('GraphQL IDE packages', () => {
  test('a missing package is one clear line naming it and both ways out', () => {
    const missing = new Set(['graphiql', 'react']);
    const resolve = (pkg: string) => (missing.has(pkg) ? null : path.dirname(require.resolve(`${pkg}/package.json`)));
    let error: unknown;
    try {
      buildIdeAssets(resolve);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdeUnavailableError);
    expect((error as Error).message).toBe(
      'GRAPHQL_IDE=true needs the development dependencies (graphiql, react): install with npm ci, or set GRAPHQL_IDE=false',
    );
  });

  test('without them installed (the production image), the modules load and only asking for the IDE fails', () => {
    // A child process where the IDE packages cannot be resolved, as after npm ci --omit=dev.
    const hidden = IDE_PACKAGES.map((pkg) => pkg.replace('/', '\\/')).join('|');
    const script = `
      const Module = require('node:module');
      const hidden = new RegExp('^(${hidden})(/|$)');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (hidden.test(request)) throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
        return resolve.call(this, request, ...rest);
      };
      const ide = require('./src/http/ide');
      require('./src/http/landing');
      console.log('loaded');
      try { ide.assertIdeAvailable(); } catch (error) { console.log(error.name + ': ' + error.message); }
    `;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual([
      'loaded',
      `IdeUnavailableError: GRAPHQL_IDE=true needs the development dependencies (${IDE_PACKAGES.join(', ')}): install with npm ci, or set GRAPHQL_IDE=false`,
    ]);
  });
});

describe('GraphQL IDE (disabled, production-like)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ GRAPHQL_IDE: 'false', GRAPHQL_INTROSPECTION: 'false' });
  });
  afterAll(() => h.close());

  test('a browser asking for /graphql is told the IDE is off and how to send a POST', async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: HTML });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('The GraphQL IDE is disabled on this server');
    expect(html).toContain('GRAPHQL_IDE=true');
    expect(html).toContain('POST');
    expect(html).not.toMatch(/csrf|graphiql/i);
  });

  test('GraphQL GET requests and API clients still reach Apollo', async () => {
    const query = `${h.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const preflight = { 'apollo-require-preflight': 'true' };
    const fromBrowser = await fetch(query, { headers: { ...HTML, ...preflight } });
    expect(await fromBrowser.json()).toEqual({ data: { __typename: 'Query' } });
    const bare = await fetch(`${h.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(bare.status).toBe(400);
    expect(bare.headers.get('content-type')).not.toContain('text/html');
  });

  test('introspection is refused with a message naming GRAPHQL_INTROSPECTION; __typename still works', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Article") { name } }', 'query { ...F } fragment F on Query { __schema { types { name } } }']) {
      const result = await h.gql(query);
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({ message: INTROSPECTION_DISABLED_MESSAGE, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' } }),
      ]);
    }
    expect(INTROSPECTION_DISABLED_MESSAGE).toContain('GRAPHQL_INTROSPECTION=true');
    expect(INTROSPECTION_DISABLED_MESSAGE).not.toContain('ApolloServer');
    expect(dataOf(await h.gql('{ __typename articles(first: 1) { __typename } }'))).toEqual({ __typename: 'Query', articles: { __typename: 'ArticleConnection' } });
  });

  test('the asset routes are 404', async () => {
    for (const path of ['/ide/graphiql.min.js', '/ide/bootstrap.js', '/ide/graphiql.min.css', '/ide/noto-sans-mono-vietnamese-400-normal.woff2']) {
      expect((await fetch(`${h.url}${path}`)).status).toBe(404);
    }
  });
});
