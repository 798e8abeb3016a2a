import { createApp, type App } from '../../src/app';
import { createLogger } from '../../src/shared/logger';
import { signIn, Role } from '../helpers/accounts';
import { startHarness, type Harness } from '../helpers/harness';

const TTL_MS = 400;
const PUBLIC_URL = 'http://tin.bulletin.test';
const LATEST = '{ articles(first: 3) { nodes { id title } } }';

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, cache: response.headers.get('x-cache'), body: await response.text() };
}

/** A query over GET, as a frontend or CDN sends it (the header satisfies Apollo's CSRF rule). */
async function getQuery(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  return { status: response.status, cache: response.headers.get('x-cache'), cacheControl: response.headers.get('cache-control'), tags: response.headers.get('cache-tag'), body: await response.text() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`response cache (RESPONSE_CACHE_TTL_MS=${TTL_MS}, in process)`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ RESPONSE_CACHE_TTL_MS: String(TTL_MS) });
  });
  afterAll(() => h?.close());
  beforeEach(() => sleep(TTL_MS + 50)); // every test starts with an empty cache

  test('an anonymous query is rendered once, then served from the cache without SQL', async () => {
    const first = await post(h.url, LATEST);
    expect(first.cache).toBe('MISS');
    const before = h.queryCount();
    const second = await post(h.url, LATEST);
    expect(second.cache).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(h.queryCount()).toBe(before);
  });

  test('an edit shows once the entry expires, within the TTL', async () => {
    const first = JSON.parse((await post(h.url, LATEST)).body);
    const id = first.data.articles.nodes[0].id as string;
    await h.orm.em.getConnection().execute('update article set title = ? where id = ?', ['Tin mới cập nhật', id]);
    await sleep(TTL_MS + 50);
    const after = await post(h.url, LATEST);
    expect(after.cache).toBe('MISS');
    expect(JSON.parse(after.body).data.articles.nodes[0].title).toBe('Tin mới cập nhật');
  });

  test('a signed-in request is never served from, nor kept in, the cache', async () => {
    const editor = await signIn(h, { role: Role.EDITOR });
    const staff = await post(h.url, LATEST, { authorization: `Bearer ${editor.token}` });
    expect(staff.status).toBe(200);
    expect(staff.cache).toBeNull();
    expect((await post(h.url, LATEST, { authorization: `Bearer ${editor.token}` })).cache).toBeNull();
    // The staff answer was not kept: the first anonymous request renders its own.
    expect((await post(h.url, LATEST)).cache).toBe('MISS');
    expect((await post(h.url, LATEST, { authorization: `Bearer ${editor.token}` })).cache).toBeNull();
  });

  test('a mutation always runs', async () => {
    const [{ id }] = (await h.orm.em.getConnection().execute("select id from article where status = 'PUBLISHED' limit 1")) as { id: string }[];
    const view = `mutation { recordArticleView(articleId: "${id}") }`;
    const agent = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' };
    const first = await post(h.url, view, agent);
    const second = await post(h.url, view, agent);
    expect([first.cache, second.cache]).toEqual([null, null]);
    // The second ran too: the same visitor's repeat view is refused by the dedupe, not replayed.
    expect([JSON.parse(first.body).data.recordArticleView, JSON.parse(second.body).data.recordArticleView]).toEqual([true, false]);
  });

  test('an answer with errors is not kept', async () => {
    const failing = '{ article(id: "not-a-uuid") { id } }';
    const first = await post(h.url, failing);
    expect(JSON.parse(first.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(first.cache).toBeNull();
    expect((await post(h.url, failing)).cache).toBeNull();
  });

  test('a GET query is cached too, and a HIT carries the Cache-Control and tags of the MISS that rendered it', async () => {
    const first = await getQuery(h.url, LATEST);
    expect(first.cache).toBe('MISS');
    expect(first.cacheControl).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(first.tags).toContain('list:articles');
    const before = h.queryCount();
    const second = await getQuery(h.url, LATEST);
    expect(second).toEqual({ ...first, cache: 'HIT' });
    expect(h.queryCount()).toBe(before);
  });

  test('GET and POST of the same query do not share an entry, and a signed-in GET skips the cache', async () => {
    expect((await getQuery(h.url, LATEST)).cache).toBe('MISS');
    expect((await post(h.url, LATEST)).cache).toBe('MISS');
    const editor = await signIn(h, { role: Role.EDITOR });
    const staff = await getQuery(h.url, LATEST, { authorization: `Bearer ${editor.token}` });
    expect(staff.cache).toBeNull();
    expect(staff.cacheControl).toBe('private, no-store');
    expect(staff.tags).toBeNull();
  });

  test('the format asked for is part of the key', async () => {
    await post(h.url, LATEST, { accept: 'application/json' });
    const other = await post(h.url, LATEST, { accept: 'application/graphql-response+json' });
    expect(other.cache).toBe('MISS');
  });
});

describe('response cache shared through Redis', () => {
  let h: Harness;
  let second: App;
  let secondUrl: string;
  beforeAll(async () => {
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    h = await startHarness({ RESPONSE_CACHE_TTL_MS: '2000', REDIS_URL: redisUrl, PUBLIC_URL: PUBLIC_URL });
    // A second instance of the same deployment: same database, same Redis, same public URL.
    second = await createApp({ config: { ...h.config, publicUrl: PUBLIC_URL }, orm: h.orm, logger: createLogger({ logLevel: 'silent', logPretty: false }) });
    secondUrl = `http://127.0.0.1:${await second.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  test('a page rendered by one instance is served by the other', async () => {
    const query = `{ articles(first: 2) { nodes { id slug } } site { name } }`;
    const rendered = await post(h.url, query);
    expect(rendered.cache).toBe('MISS');
    const served = await post(secondUrl, query);
    expect(served.cache).toBe('HIT');
    expect(served.body).toBe(rendered.body);
  });

  test('a GET rendered by one instance is served by the other with the same tags', async () => {
    const query = `{ site { name } }`;
    const rendered = await getQuery(h.url, query);
    expect(rendered.cache).toBe('MISS');
    const served = await getQuery(secondUrl, query);
    expect(served.cache).toBe('HIT');
    expect(served.tags).toBe('site');
    expect(served.body).toBe(rendered.body);
  });
});
