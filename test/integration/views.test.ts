import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app';
import { createLogger } from '../../src/shared/logger';
import { ArticleStatus, createArticle } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { beacon, browser, client, inParallel, recordView, storedViews } from '../helpers/views-api';

/**
 * Recording views over real HTTP on real PostgreSQL: exact counts under concurrency, the filters
 * (dedupe, bots, unpublished ids), the beacons, dedupe shared through Redis, and a graceful stop.
 */

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
let h: Harness;
let run = 0;
/** A fresh visitor for each call, never seen by another test (or another run of this file). */
const visitor = () => browser(`${process.pid}-${Date.now()}-${run++}`);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  client.destroy();
  await h?.close();
});

const published = (overrides: Parameters<typeof createArticle>[1] = {}) => createArticle(h.orm.em.fork(), { viewCount: 112, ...overrides });

describe('recordArticleView', () => {
  test('10,000 concurrent views from distinct visitors raise viewCount and today’s row by exactly 10,000', async () => {
    const article = await published();
    // 200 in flight over keep-alive connections; the test's timeout (a minute) bounds the whole run.
    const answers = await inParallel(10_000, 200, (i) => recordView(h, article.id, browser(`bulk-${i}`)));
    expect(answers.filter((counted) => !counted)).toHaveLength(0);
    expect(await storedViews(h, article.id)).toEqual({ viewCount: 112 + 10_000, today: 10_000, rows: 1 });
    const read = await h.gql<{ article: { viewCount: number } }>('query($id: ID!) { article(id: $id) { viewCount } }', { id: article.id });
    expect(read.data?.article.viewCount).toBe(10_112);
  }, 60_000);

  test('the same visitor again within the window adds nothing; another article or another visitor counts', async () => {
    const [a, b] = [await published(), await published()];
    const reader = visitor();
    expect(await recordView(h, a.id, reader)).toBe(true);
    expect(await Promise.all([1, 2, 3].map(() => recordView(h, a.id, reader)))).toEqual([false, false, false]);
    expect(await beacon(h, a.id, reader)).toBe(false);
    expect(await recordView(h, b.id, reader)).toBe(true);
    expect(await recordView(h, a.id, visitor())).toBe(true);
    expect(await storedViews(h, a.id)).toEqual({ viewCount: 114, today: 2, rows: 1 });
  });

  test('one visitor racing itself counts once', async () => {
    const article = await published();
    const reader = visitor();
    const answers = await Promise.all(Array.from({ length: 20 }, () => recordView(h, article.id, reader)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect((await storedViews(h, article.id)).today).toBe(1);
  });

  test('crawlers, scripts and requests without a user agent are not counted', async () => {
    const article = await published();
    for (const userAgent of [GOOGLEBOT, 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'curl/8.5.0', 'node', '']) {
      expect(await recordView(h, article.id, userAgent)).toBe(false);
    }
    expect(await storedViews(h, article.id)).toEqual({ viewCount: 112, today: 0, rows: 0 });
  });

  test('unknown, malformed, unpublished, scheduled and deleted ids answer false and store nothing, without an error', async () => {
    const em = h.orm.em.fork();
    const draft = await createArticle(em, { status: ArticleStatus.DRAFT });
    const scheduled = await createArticle(em, { status: ArticleStatus.SCHEDULED, publishedAt: new Date(Date.now() + 86_400_000) });
    const futureDated = await createArticle(em, { status: ArticleStatus.PUBLISHED, publishedAt: new Date(Date.now() + 86_400_000) });
    const deleted = await createArticle(em, { deletedAt: new Date() });
    const archived = await createArticle(em, { status: ArticleStatus.ARCHIVED });
    const hidden = [draft, scheduled, futureDated, deleted, archived];
    const reader = visitor();
    for (const id of [...hidden.map((article) => article.id), '00000000-0000-4000-8000-000000000000', 'not-an-id', "1' or '1'='1", '']) {
      expect(await recordView(h, id, reader)).toBe(false);
      expect(await beacon(h, encodeURIComponent(id), reader)).toBe(false);
    }
    for (const article of hidden) expect(await storedViews(h, article.id)).toEqual({ viewCount: 0, today: 0, rows: 0 });
  });

  test('a visitor who opened a draft counts once it is published (the refused view held no dedupe key)', async () => {
    const em = h.orm.em.fork();
    const draft = await createArticle(em, { status: ArticleStatus.DRAFT });
    const reader = visitor();
    expect(await recordView(h, draft.id, reader)).toBe(false);
    await h.orm.em.getKnex()('article').where('id', draft.id).update({ status: 'PUBLISHED', published_at: new Date(Date.now() - 1000) });
    expect(await recordView(h, draft.id, reader)).toBe(true);
  });
});

describe('beacons', () => {
  test('POST /views/:id answers {"counted": true|false} as JSON, never cached', async () => {
    const article = await published();
    const reader = visitor();
    const response = await fetch(`${h.url}/views/${article.id}`, { method: 'POST', headers: { 'user-agent': reader }, body: 'ignored' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ counted: true });
    expect(await beacon(h, article.id, reader)).toBe(false);
    expect(await beacon(h, article.id, GOOGLEBOT)).toBe(false);
    expect(await storedViews(h, article.id)).toEqual({ viewCount: 113, today: 1, rows: 1 });
  });

  test('GET /views/:id.gif always answers a transparent 1×1 GIF with no-store, and counts the view', async () => {
    const article = await published();
    const pixel = async (id: string, method = 'GET') => {
      const response = await fetch(`${h.url}/views/${id}.gif`, { method, headers: { 'user-agent': visitor() } });
      const bytes = Buffer.from(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), bytes };
    };
    const counted = await pixel(article.id);
    expect(counted).toMatchObject({ status: 200, type: 'image/gif', cache: expect.stringContaining('no-store') });
    expect(counted.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(counted.bytes.readUInt16LE(6)).toBe(1);
    expect(counted.bytes.readUInt16LE(8)).toBe(1);
    expect(await pixel('not-an-id')).toEqual({ ...counted });
    expect(await pixel('00000000-0000-4000-8000-000000000000')).toEqual({ ...counted });
    // HEAD (link checkers, prefetch) gets the headers and counts nothing.
    expect((await pixel(article.id, 'HEAD')).status).toBe(200);
    expect(await storedViews(h, article.id)).toEqual({ viewCount: 113, today: 1, rows: 1 });
  });

  test('wrong methods are 405 with Allow, not counted', async () => {
    const article = await published();
    const get = await fetch(`${h.url}/views/${article.id}`, { headers: { 'user-agent': visitor() } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${h.url}/views/${article.id}.gif`, { method: 'POST', headers: { 'user-agent': visitor() } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await storedViews(h, article.id)).today).toBe(0);
  });

  test('beacons and GraphQL views of one article at once add up exactly', async () => {
    const article = await published({ viewCount: 0 });
    const answers = await inParallel(4_000, 200, (i) => (i % 4 === 0 ? recordView : beacon)(h, article.id, browser(`mixed-${run}-${i}`)));
    expect(answers.every(Boolean)).toBe(true);
    expect(await storedViews(h, article.id)).toEqual({ viewCount: 4_000, today: 4_000, rows: 1 });
  }, 60_000);
});

describe('several instances sharing Redis', () => {
  const REDIS_URL = 'redis://127.0.0.1:6379';
  let shared: Harness;
  let second: App;
  let secondUrl: string;
  let redis: Redis;
  const articleIds: string[] = [];

  beforeAll(async () => {
    shared = await startHarness({ REDIS_URL });
    // A second instance on the same database and the same Redis, as behind a load balancer.
    second = await createApp({ config: shared.config, orm: shared.orm, logger: createLogger({ logLevel: 'silent', logPretty: false }) });
    await new Promise<void>((resolve) => second.server.listen(0, '127.0.0.1', resolve));
    secondUrl = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const id of articleIds) {
      const keys = await redis.keys(`bulletin:dedupe:article-view:${id}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis?.disconnect();
    await second?.close();
    await shared?.close();
  });

  test('a visitor counted by one instance is not counted again by another', async () => {
    const article = await createArticle(shared.orm.em.fork(), { viewCount: 0 });
    articleIds.push(article.id);
    const reader = visitor();
    expect(await recordView(shared, article.id, reader)).toBe(true);
    expect(await recordView({ url: secondUrl }, article.id, reader)).toBe(false);
    expect(await beacon({ url: secondUrl }, article.id, reader)).toBe(false);
    expect(await beacon({ url: secondUrl }, article.id, visitor())).toBe(true);
    expect(await storedViews(shared, article.id)).toEqual({ viewCount: 2, today: 2, rows: 1 });
    // The key in Redis is a hash with the window as its expiry; no address in it.
    const keys = await redis.keys(`bulletin:dedupe:article-view:${article.id}:*`);
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toContain('127.0.0.1');
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(1790_000);
    expect(ttl).toBeLessThanOrEqual(1800_000);
  });

  test('many visitors spread over both instances at once are each counted once', async () => {
    const article = await createArticle(shared.orm.em.fork(), { viewCount: 0 });
    articleIds.push(article.id);
    // Every visitor tries twice, once on each instance, concurrently.
    const answers = await inParallel(2_000, 100, (i) => recordView(i % 2 ? shared : { url: secondUrl }, article.id, browser(`pair-${run}-${Math.floor(i / 2)}`)));
    expect(answers.filter(Boolean)).toHaveLength(1_000);
    expect(await storedViews(shared, article.id)).toEqual({ viewCount: 1_000, today: 1_000, rows: 1 });
  });
});

describe('graceful stop', () => {
  test('views waiting for their batch are written before close() returns, and their readers get true', async () => {
    // A batch wait far longer than the test: only close() can write these views.
    const slow = await startHarness({ VIEW_BATCH_MS: '60000' });
    try {
      const article = await createArticle(slow.orm.em.fork(), { viewCount: 0 });
      const answers = Promise.all([1, 2, 3].map((i) => beacon(slow, article.id, browser(`stop-${run}-${i}`))));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await storedViews(slow, article.id)).toEqual({ viewCount: 0, today: 0, rows: 0 });
      await slow.app.close();
      expect(await storedViews(slow, article.id)).toEqual({ viewCount: 3, today: 3, rows: 1 });
      expect(await answers).toEqual([true, true, true]);
    } finally {
      await slow.close();
    }
  });
});
