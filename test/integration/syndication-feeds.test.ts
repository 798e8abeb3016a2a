import { XMLParser } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { startHarness, type Harness } from '../helpers/harness';
import { BULLETIN_AUTHOR, BULLETIN_SLUG, SITE_URL, bulletinArticle, get } from '../helpers/syndication';

const PUBLIC_URL = 'https://api.example.vn';
type ParsedItem = Record<string, unknown> & { link?: string; guid?: string; enclosure?: unknown; mediaContent?: { $: unknown }; creator?: string; rights?: string; author?: string };
const rssParser = new Parser<Record<string, unknown>, ParsedItem>({ customFields: { item: [['media:content', 'mediaContent'], ['dc:creator', 'creator'], ['dc:rights', 'rights']] } });
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

let h: Harness;
let bulletin: Awaited<ReturnType<typeof bulletinArticle>>;
const canonical = `${SITE_URL}/tin/${BULLETIN_SLUG}`;
beforeAll(async () => {
  h = await startHarness({ SITE_URL, PUBLIC_URL, ARTICLE_PATH: '/tin/{slug}', CONTENT_RIGHTS: '© Cổng thông tin quận', FEED_MAX_AGE_SECONDS: '120' });
  bulletin = await bulletinArticle(h);
});
afterAll(() => h?.close());

const imageUrl = () => `${PUBLIC_URL}/media/${bulletin.storage_key}`;

describe('RSS 2.0 with Media RSS', () => {
  test('parses in rss-parser and holds the bulletin article with its author, image and full content', async () => {
    const response = await get(h, '/feeds/rss.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const feed = await rssParser.parseString(response.body);
    const item = feed.items.find((entry) => entry.link === canonical);
    expect(item).toBeDefined();
    expect(item?.creator).toBe(BULLETIN_AUTHOR);
    expect(item?.rights).toBe('© Cổng thông tin quận');
    expect(item?.guid).toBe(`${SITE_URL}/#article-${bulletin.id}`);
    expect(item?.enclosure).toMatchObject({ url: imageUrl(), type: bulletin.mime_type });
    expect(item?.mediaContent?.$).toMatchObject({ url: imageUrl(), type: bulletin.mime_type, medium: 'image', width: '800', height: '533' });
    expect(item?.['content:encoded']).toContain('<p>');
    // The body's own images point at the API, not at a path relative to wherever the feed is read.
    expect(item?.['content:encoded']).toContain(`src="${PUBLIC_URL}/media/`);
    expect(feed.language).toBe('vi');
  });

  test('declares the Media RSS and Dublin Core namespaces it uses', async () => {
    const { body } = await get(h, '/feeds/rss.xml');
    const rss = xml.parse(body).rss;
    expect(rss['xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    expect(rss['xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    const items = [rss.channel.item].flat();
    const item = items.find((entry: { link: string }) => entry.link === canonical);
    expect(item['media:content']['media:credit']['#text']).toBe(item['dc:publisher']);
  });
});

describe('Atom 1.0 and JSON Feed 1.1', () => {
  test('Atom parses in rss-parser with the article, its author and its image link', async () => {
    const response = await get(h, '/feeds/atom.xml');
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = await rssParser.parseString(response.body);
    const item = feed.items.find((entry) => entry.link === canonical);
    expect(item?.author).toBe(BULLETIN_AUTHOR);
    const entry = [xml.parse(response.body).feed.entry].flat().find((e: { id: string }) => e.id === `${SITE_URL}/#article-${bulletin.id}`);
    expect([entry.link].flat()).toEqual(expect.arrayContaining([expect.objectContaining({ rel: 'enclosure', href: imageUrl() })]));
  });

  test('JSON Feed 1.1 names its version and carries author, image and attribution', async () => {
    const response = await get(h, '/feeds/feed.json');
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(response.body) as { version: string; items: Record<string, unknown>[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    const item = feed.items.find((entry) => entry.url === canonical);
    expect(item).not.toHaveProperty('author');
    expect(item).toMatchObject({
      image: imageUrl(),
      language: 'vi',
      authors: [{ name: BULLETIN_AUTHOR }],
      _attribution: { author: BULLETIN_AUTHOR, rights: '© Cổng thông tin quận', canonical_url: canonical },
    });
    expect(typeof item?.content_html).toBe('string');
  });
});

describe('category feeds', () => {
  test('a category feed holds articles of its subcategories too, and not others', async () => {
    const knex = h.orm.em.getKnex();
    const [{ slug: categorySlug, parent_id: parentId }] = await knex('category as c').join('article as a', 'a.category_id', 'c.id').where('a.slug', BULLETIN_SLUG).select('c.slug', 'c.parent_id');
    const parent = parentId ? ((await knex('category').where('id', parentId).first('slug')) as { slug: string }) : null;
    for (const slug of [categorySlug, parent?.slug].filter(Boolean)) {
      const feed = await rssParser.parseString((await get(h, `/feeds/category/${slug}/rss.xml`)).body);
      expect(feed.items.map((item) => item.link)).toContain(canonical);
    }
    const [other] = await knex('category').whereNotIn('id', knex('article').where('slug', BULLETIN_SLUG).select('category_id')).whereNot('id', parentId ?? '00000000-0000-0000-0000-000000000000').select('slug').limit(1);
    if (other) {
      const feed = JSON.parse((await get(h, `/feeds/category/${other.slug}/feed.json`)).body) as { items: { url: string }[] };
      expect(feed.items.map((item) => item.url)).not.toContain(canonical);
    }
  });

  test('an unknown or malformed category is a 404', async () => {
    expect((await get(h, '/feeds/category/khong-co/rss.xml')).status).toBe(404);
    expect((await get(h, '/feeds/category/%00bad/atom.xml')).status).toBe(404);
    expect((await get(h, `/feeds/category/${'a'.repeat(99)}/feed.json`)).status).toBe(404);
    // Past the router's limit for one path segment.
    expect((await get(h, `/feeds/category/${'a'.repeat(300)}/feed.json`)).status).toBe(414);
  });
});

describe('HTTP caching of feeds', () => {
  test('ETag, Last-Modified, a CDN Cache-Control and the cache tags', async () => {
    const response = await get(h, '/feeds/rss.xml');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(new Date(response.headers.get('last-modified') ?? '').getTime()).not.toBeNaN();
    expect(response.headers.get('cache-control')).toBe('public, max-age=120, stale-while-revalidate=120');
    expect(response.headers.get('cache-tag')).toBe('site,list:articles');
    expect(response.headers.get('surrogate-key')).toBe('site list:articles');
  });

  test.each(['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json'])('%s answers 304 to If-None-Match and to If-Modified-Since', async (path) => {
    const first = await get(h, path);
    const byTag = await get(h, path, { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(byTag.status).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const byDate = await get(h, path, { 'if-modified-since': first.headers.get('last-modified') ?? '' });
    expect(byDate.status).toBe(304);
    expect((await get(h, path, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  test('an edit changes the ETag', async () => {
    const before = await get(h, '/feeds/feed.json');
    await h.orm.em.getConnection().execute('update article set title = ?, updated_at = now() where id = ?', ['Tiêu đề đã sửa', bulletin.id]);
    const after = await get(h, '/feeds/feed.json', { 'if-none-match': before.headers.get('etag') ?? '' });
    expect(after.status).toBe(200);
    expect(after.body).toContain('Tiêu đề đã sửa');
  });
});

describe('what feeds leave out', () => {
  test('a draft is in no feed', async () => {
    const knex = h.orm.em.getKnex();
    await knex('article').where('id', bulletin.id).update({ status: 'DRAFT' });
    try {
      for (const path of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json']) expect((await get(h, path)).body).not.toContain(bulletin.id);
    } finally {
      await knex('article').where('id', bulletin.id).update({ status: 'PUBLISHED' });
    }
  });

  test('FEED_FULL_CONTENT=false gives the lead only', async () => {
    const lean = await startHarness({ FEED_FULL_CONTENT: 'false' });
    try {
      const feed = await rssParser.parseString((await get(lean, '/feeds/rss.xml')).body);
      expect(feed.items.length).toBeGreaterThan(0);
      for (const item of feed.items) expect(item['content:encoded']).toBeUndefined();
    } finally {
      await lean.close();
    }
  });
});
