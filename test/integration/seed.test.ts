import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { importBulletinPage } from '../../seeds/bulletin/import-bulletin';
import { importBulletinFiles } from '../../seeds/bulletin/import-files';
import { parseBulletinPage } from '../../seeds/bulletin/parse-bulletin';
import { Article } from '../../src/modules/article/article.entity';
import { LocalMediaStorage } from '../../src/modules/media/media-storage';
import { Role, User } from '../../src/modules/identity';
import { startHarness, type Harness } from '../helpers/harness';

const PAGE_FILE = path.join(__dirname, '..', '..', 'seeds', 'bulletin.txt');
const PAGE = fs.readFileSync(PAGE_FILE, 'utf8');
const SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TABLES = ['article', 'media', 'users', 'category', 'site'];

let h: Harness;
let tmp: string;
beforeAll(async () => {
  h = await startHarness();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-seed-test-'));
});
afterAll(async () => {
  await h.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Fetches a media URL from the test server (the URL's host is the configured PUBLIC_URL). */
async function fetchMedia(url: string): Promise<Response> {
  return fetch(`${h.url}${new URL(url, h.url).pathname}`);
}

async function expectPng(url: string): Promise<void> {
  const response = await fetchMedia(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await response.arrayBuffer()).subarray(0, 8)).toEqual(PNG_SIGNATURE);
}

/** Row counts and the latest updated_at of every seeded table. */
async function snapshot(): Promise<Record<string, { count: number; lastUpdate: string }>> {
  const knex = h.orm.em.fork().getKnex();
  const result: Record<string, { count: number; lastUpdate: string }> = {};
  for (const table of TABLES) {
    const [row] = await knex(table).select(knex.raw('count(*)::int as count, max(updated_at)::text as "lastUpdate"'));
    result[table] = row as { count: number; lastUpdate: string };
  }
  return result;
}

interface ArticleResult {
  article: {
    title: string;
    excerpt: string;
    body: string;
    viewCount: number;
    publishedAt: string;
    tags: string[];
    author: { displayName: string };
    category: { name: string };
    coverImage: { url: string; width: number; height: number; alt: string } | null;
  } | null;
}

describe('the bulletin seed', () => {
  test('serves the bulletin article with its author, category and cover image', async () => {
    const result = await h.gql<ArticleResult>(
      `query($slug: String!) { article(slug: $slug) {
        title excerpt body viewCount publishedAt tags
        author { displayName } category { name } coverImage { url width height alt } } }`,
      { slug: SLUG },
    );
    expect(result.errors).toBeUndefined();
    const article = result.data?.article;
    expect(article).toMatchObject({
      title: 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022',
      viewCount: 112,
      publishedAt: '2022-11-03T01:00:00.000Z',
      author: { displayName: 'Quốc Vũ' },
      category: { name: 'Y tế' },
      coverImage: { width: 800, height: 533 },
    });
    expect(article?.tags).toEqual(expect.arrayContaining(['hiến máu', 'Dương Kinh']));
    await expectPng(article?.coverImage?.url as string);
  });

  test('stores the lead once, as the excerpt, and the body as paragraphs around the photo', async () => {
    const { data } = await h.gql<ArticleResult>('query($slug: String!) { article(slug: $slug) { excerpt body } }', { slug: SLUG });
    const { excerpt, body } = data?.article ?? { excerpt: '', body: '' };
    expect(excerpt.startsWith('Sáng ngày 03/11/2022, Ban Chỉ đạo vận động hiến máu')).toBe(true);
    expect(body).not.toContain(excerpt);
    expect(body).toMatch(/^<figure><img src="\/media\/[a-f0-9]{64}\.png" alt="Quận Dương Kinh[^"]*" width="800" height="533" \/><\/figure>\n<p>Trước đó, /);
    expect(body.match(/<p>/g)).toHaveLength(2);
    expect(body).not.toMatch(/Quốc Vũ|Tin mới|image advertisement|\u00a0/);
  });

  test('sets up the site from the page: name, tagline and banner', async () => {
    const result = await h.gql<{ site: { name: string; tagline: string; bannerImage: { url: string; width: number } } }>(
      '{ site { name tagline bannerImage { url width } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.site).toMatchObject({
      name: 'Cổng thông tin quận Dương Kinh',
      tagline: PAGE.split('\n')[1],
      bannerImage: { width: 1200 },
    });
    await expectPng(result.data?.site.bannerImage.url as string);
  });

  test('creates the author as an AUTHOR whose password nobody knows', async () => {
    const author = await h.orm.em.fork().findOneOrFail(User, { slug: 'quoc-vu' }, { populate: ['passwordHash'] });
    expect(author).toMatchObject({ email: 'quoc-vu@bulletin.local', displayName: 'Quốc Vũ', role: Role.AUTHOR, active: true });
    expect(author.passwordHash).toMatch(/^\$2[aby]\$\d{2}\$/);
    for (const guess of ['', 'password', 'quoc-vu', 'Quốc Vũ']) expect(await bcrypt.compare(guess, author.passwordHash)).toBe(false);
  });

  test('creates the news category tree and the three ad images', async () => {
    const knex = h.orm.em.fork().getKnex();
    const categories = await knex('category as c').leftJoin('category as p', 'p.id', 'c.parent_id').select('c.name', 'c.slug', 'p.slug as parent');
    expect(categories).toEqual(
      expect.arrayContaining([
        { name: 'Tin tức', slug: 'tin-tuc', parent: null },
        { name: 'Y tế', slug: 'y-te', parent: 'tin-tuc' },
        { name: 'Xã hội', slug: 'xa-hoi', parent: 'tin-tuc' },
      ]),
    );
    const ads = await knex('media').where('alt', 'like', 'Quảng cáo %').orderBy('alt').select('alt', 'width', 'height', 'mime_type');
    expect(ads).toEqual([1, 2, 3].map((n) => ({ alt: `Quảng cáo ${n}`, width: 300, height: 250, mime_type: 'image/png' })));
  });

  test('importing the same page again changes nothing', async () => {
    const before = await snapshot();
    const article = await h.orm.em.fork().findOneOrFail(Article, { slug: SLUG });
    const result = await importBulletinPage(h.orm, parseBulletinPage(PAGE, 'seeds/bulletin.txt'), {
      mediaStorage: new LocalMediaStorage(h.config.mediaDir),
    });
    expect(result).toEqual({ outcome: 'unchanged', articleId: article.id, slug: SLUG });
    expect(await snapshot()).toEqual(before);
    const again = await h.orm.em.fork().findOneOrFail(Article, { slug: SLUG });
    expect(again.version).toBe(article.version);
  });
});

describe('importBulletinFiles (the import command)', () => {
  test('reports a broken page with file and line, and goes on with the next file', async () => {
    const broken = path.join(tmp, 'broken.txt');
    const other = path.join(tmp, 'other.txt');
    fs.writeFileSync(broken, PAGE.replace('Lượt xem: 112', 'Lượt xem: mười'));
    fs.writeFileSync(other, PAGE.replace('năm 2022\nLượt xem: 112', 'năm 2022 tại phường Hải Thành\nLượt xem: 7'));
    const printed: string[] = [];
    const errors: string[] = [];

    const summary = await importBulletinFiles([broken, other, PAGE_FILE], {
      orm: h.orm,
      mediaStorage: new LocalMediaStorage(h.config.mediaDir),
      print: (line) => printed.push(line),
      printError: (line) => errors.push(line),
    });

    expect(errors).toEqual([`${broken}:4: view count is not a number: "mười"`]);
    expect(printed).toEqual([
      `[1/3] ${broken}: failed`,
      `[2/3] ${other}: imported`,
      `[3/3] ${PAGE_FILE}: unchanged`,
      '3 file(s): 1 imported, 0 updated, 0 kept (edited in Bulletin), 1 unchanged, 1 failed',
    ]);
    expect(summary).toEqual({ total: 3, imported: 1, updated: 0, kept: 0, unchanged: 1, failed: 1 });
    const { data } = await h.gql<{ article: { viewCount: number; author: { displayName: string } } | null }>(
      '{ article(slug: "quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022-tai-phuong-hai-thanh") { viewCount author { displayName } } }',
    );
    expect(data?.article).toEqual({ viewCount: 7, author: { displayName: 'Quốc Vũ' } });
    // The second page shares the author, images and categories with the first: no duplicates.
    const knex = h.orm.em.fork().getKnex();
    const [{ count }] = await knex('users').where('slug', 'quoc-vu').count<{ count: string }[]>({ count: '*' });
    expect(Number(count)).toBe(1);
  });

  test('updates an article whose page changed, without lowering its view count', async () => {
    const changed = path.join(tmp, 'changed.txt');
    fs.writeFileSync(changed, PAGE.replace('Lượt xem: 112', 'Lượt xem: 1.250').replace('Quốc Vũ', 'Quốc Vũ - Minh Anh'));
    const printed: string[] = [];
    await importBulletinFiles([changed], { orm: h.orm, mediaStorage: new LocalMediaStorage(h.config.mediaDir), print: (l) => printed.push(l), printError: () => undefined });
    expect(printed[0]).toBe(`[1/1] ${changed}: updated`);
    const { data } = await h.gql<ArticleResult>(`{ article(slug: "${SLUG}") { viewCount author { displayName } } }`);
    expect(data?.article).toMatchObject({ viewCount: 1250, author: { displayName: 'Quốc Vũ - Minh Anh' } });
  });
});
