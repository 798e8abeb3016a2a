import { XMLParser } from 'fast-xml-parser';
import { createArticles } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { BULLETIN_SLUG, SITE_URL, bulletinArticle, get } from '../helpers/syndication';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['sitemap', 'url'].includes(name) });
const PAGE_SIZE = 2;
const HOUR = 3_600_000;

let h: Harness;
let bulletin: Awaited<ReturnType<typeof bulletinArticle>>;
let siteName: string;
const canonical = `${SITE_URL}/${BULLETIN_SLUG}`;
beforeAll(async () => {
  h = await startHarness({ SITE_URL, SITEMAP_PAGE_SIZE: String(PAGE_SIZE) });
  bulletin = await bulletinArticle(h);
  siteName = ((await h.orm.em.getConnection().execute('select name from site limit 1'))[0] as { name: string }).name;
  // Enough public articles for several pages, published over the last few days.
  await createArticles(h.orm.em.fork(), 4, (i) => ({ title: `Tin số ${i} & "trích dẫn" <b>`, publishedAt: new Date(Date.now() - (i + 1) * 20 * HOUR) }));
});
afterAll(() => h?.close());

const publicCount = async () => Number(((await h.orm.em.getConnection().execute("select count(*) from article where status = 'PUBLISHED' and published_at <= now() and deleted_at is null"))[0] as { count: string }).count);
const moveBulletinTo = (publishedAt: Date) => h.orm.em.getKnex()('article').where('id', bulletin.id).update({ published_at: publishedAt });

describe('/sitemap.xml', () => {
  test('is a sitemap index of one child per SITEMAP_PAGE_SIZE articles, plus the news sitemap', async () => {
    const response = await get(h, '/sitemap.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const index = xml.parse(response.body).sitemapindex;
    expect(index.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const pages = Math.ceil((await publicCount()) / PAGE_SIZE);
    expect(pages).toBeGreaterThan(1);
    expect(index.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      ...Array.from({ length: pages }, (_, i) => `${SITE_URL}/sitemaps/articles-${i + 1}.xml`),
      `${SITE_URL}/sitemaps/news.xml`,
    ]);
  });

  test('the children hold every public article once, with its canonical URL and last change; past the last page is a 404', async () => {
    const pages = Math.ceil((await publicCount()) / PAGE_SIZE);
    const locs: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const urlset = xml.parse((await get(h, `/sitemaps/articles-${page}.xml`)).body).urlset;
      expect(urlset.url.length).toBeLessThanOrEqual(PAGE_SIZE);
      for (const url of urlset.url) expect(new Date(url.lastmod).toISOString()).toBe(url.lastmod);
      locs.push(...urlset.url.map((url: { loc: string }) => url.loc));
    }
    expect(locs).toHaveLength(await publicCount());
    expect(new Set(locs).size).toBe(locs.length);
    expect(locs).toContain(canonical);
    expect((await get(h, `/sitemaps/articles-${pages + 1}.xml`)).status).toBe(404);
    for (const name of ['articles-0.xml', 'articles-x.xml', 'other.xml']) expect((await get(h, `/sitemaps/${name}`)).status).toBe(404);
  });
});

describe('/sitemaps/news.xml (Google News)', () => {
  afterAll(() => moveBulletinTo(new Date('2022-11-03T01:00:00Z')));

  async function newsEntries() {
    const response = await get(h, '/sitemaps/news.xml');
    expect(response.status).toBe(200);
    const urlset = xml.parse(response.body).urlset;
    expect(urlset['xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    return (urlset.url ?? []) as { loc: string; 'news:news': Record<string, never> }[];
  }

  test('lists the bulletin article only while it is less than two days old', async () => {
    await moveBulletinTo(new Date(Date.now() - HOUR));
    const fresh = (await newsEntries()).find((entry) => entry.loc === canonical);
    expect(fresh?.['news:news']).toMatchObject({
      'news:publication': { 'news:name': siteName, 'news:language': 'vi' },
      'news:title': expect.stringMatching(/hiến máu/),
    });
    expect(Date.now() - Date.parse(fresh?.['news:news']['news:publication_date'] ?? '')).toBeLessThan(2 * HOUR);

    await moveBulletinTo(new Date(Date.now() - 47 * HOUR));
    expect((await newsEntries()).map((entry) => entry.loc)).toContain(canonical);

    await moveBulletinTo(new Date(Date.now() - 49 * HOUR));
    expect((await newsEntries()).map((entry) => entry.loc)).not.toContain(canonical);
  });

  test('holds only articles of the last two days, titles escaped and intact', async () => {
    const entries = await newsEntries();
    for (const entry of entries) expect(Date.now() - Date.parse(entry['news:news']['news:publication_date'])).toBeLessThan(48 * HOUR);
    expect(entries.map((entry) => entry['news:news']['news:title'])).toEqual(expect.arrayContaining(['Tin số 0 & "trích dẫn" <b>', 'Tin số 1 & "trích dẫn" <b>']));
    expect(entries.map((entry) => entry['news:news']['news:title'])).not.toContain('Tin số 2 & "trích dẫn" <b>'); // 60 hours old
  });

  test('answers with validators and a CDN Cache-Control', async () => {
    const first = await get(h, '/sitemaps/news.xml');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=300');
    expect((await get(h, '/sitemaps/news.xml', { 'if-none-match': first.headers.get('etag') ?? '' })).status).toBe(304);
  });
});
