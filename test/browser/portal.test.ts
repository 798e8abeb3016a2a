// The example portal (examples/portal) in a real browser, against a Bulletin started here on its
// own copy of the seeded database: the bulletin page element by element, the view beacon, the
// homepage, the 404 page, and the page without JavaScript.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadPortalConfig } from '../../examples/portal/src/config';
import { createPortal } from '../../examples/portal/src/server';
import { freePort } from '../../src/shared/process';
import { createDraft } from '../helpers/article-api';
import { currentSource, imagesLoaded, inDocumentOrder, launchChromium, readerUserAgent, waitForImages } from '../helpers/browser';
import { dataOf } from '../helpers/expect-graphql';
import { publishedDraft, startNewsroom, type Newsroom } from '../helpers/newsroom';
import { recordingFetch, type SentRequest } from '../helpers/recording-fetch';

const SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';
const TITLE = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022';
const LEAD = 'Sáng ngày 03/11/2022, Ban Chỉ đạo vận động hiến máu tình nguyện quận tổ chức Ngày hội hiến máu tình nguyện của công chức, viên chức, công nhân, người lao động và nhân dân trong toàn quận.';
const TAGLINE = 'Năm 2023 đẩy mạnh chỉnh trang, hiện đại hóa đô thị, xây dựng nông thôn mới kiểu mẫu - Thực hiện chuyển đổi số';
const OTHER_TITLE = 'Phường Hòa Nghĩa ra quân làm sạch môi trường';
/** Where the screenshots go (git-ignored). */
const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'portal');

/** Readers of this run: Bulletin's dedupe (Redis, 30 minutes) never mistakes them for an earlier run's. */
const RUN = randomBytes(4).toString('hex');

jest.setTimeout(60_000);

let newsroom: Newsroom;
let portal: FastifyInstance;
let portalUrl: string;
let browser: Browser;
let articleId: string;
/** What the portal sent Bulletin's GraphQL endpoint. */
let apiRequests: SentRequest[];

beforeAll(async () => {
  newsroom = await startNewsroom({}, { port: await freePort() });
  await publishedDraft(newsroom, { title: OTHER_TITLE, excerpt: 'Ra quân tổng vệ sinh môi trường.', body: '<p>Sáng Chủ nhật, người dân phường Hòa Nghĩa ra quân.</p>' });
  const port = await freePort();
  portalUrl = `http://127.0.0.1:${port}`;
  const recorder = recordingFetch();
  apiRequests = recorder.sent;
  portal = createPortal(loadPortalConfig({ PORT: String(port), BULLETIN_URL: newsroom.h.url, PORTAL_PUBLIC_URL: portalUrl }), { fetch: recorder.fetch });
  await portal.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
  articleId = (await articleBySlug(SLUG)).id;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await newsroom?.h.close();
});

async function articleBySlug(slug: string): Promise<{ id: string; viewCount: number }> {
  const result = await newsroom.h.gql<{ article: { id: string; viewCount: number } }>('query($slug: String!) { article(slug: $slug) { id viewCount } }', { slug });
  return dataOf(result).article;
}

async function viewCount(): Promise<number> {
  return (await articleBySlug(SLUG)).viewCount;
}

/**
 * The status of Bulletin's answer to the page's own view beacon. Bulletin answers only once the view
 * is committed (or refused), so the count read after it is final. The browser does not expose a
 * beacon's body.
 */
function beaconAnswer(page: Page): Promise<number> {
  return page
    .waitForResponse((response) => response.url() === `${newsroom.h.url}/views/${articleId}` && response.request().method() === 'POST')
    .then((response) => response.status());
}

async function readerContext(tag: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ userAgent: readerUserAgent(`${tag}-${RUN}`), viewport: { width: 1280, height: 900 }, ...options });
}

describe('the bulletin article page', () => {
  let context: BrowserContext;
  let page: Page;
  let before: number;

  beforeAll(async () => {
    context = await readerContext('article');
    page = await context.newPage();
    before = await viewCount();
  });

  afterAll(() => context.close());

  it('shows every element of the seed page, in its order, and counts the visit once', async () => {
    const counted = beaconAnswer(page);
    const response = await page.goto(`${portalUrl}/${SLUG}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await counted).toBe(200);
    expect(await viewCount()).toBe(before + 1);

    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('.masthead-banner img').isVisible()).toBe(true);
    expect(await imagesLoaded(page, '.masthead-banner img')).toBe(true);
    expect(await page.locator('.masthead-tagline').textContent()).toBe(TAGLINE);
    expect(await page.locator('h1.article-title').textContent()).toBe(TITLE);
    expect(await page.locator('.article-views').textContent()).toBe(`Lượt xem: ${before}`);
    expect(await page.locator('.article-date').textContent()).toBe('03/11/2022');
    expect(await page.locator('.article-lead').textContent()).toBe(LEAD);
    const text = await page.locator('body').innerText();
    expect(text.split(LEAD).length - 1).toBe(1);
    expect(await page.locator('.article-body figure img').isVisible()).toBe(true);
    expect(await imagesLoaded(page, '.article-body figure img')).toBe(true);
    expect(await page.locator('.article-body').textContent()).toContain('Kết quả đã tiếp nhận 297 đơn vị máu toàn phần');
    expect(await page.locator('.article-byline').textContent()).toBe('Quốc Vũ');
    const latest = page.locator('.latest a');
    expect(await latest.allTextContents()).toEqual([OTHER_TITLE]);
    expect(await latest.first().isVisible()).toBe(true);

    const order = ['.masthead-banner img', '.masthead-tagline', '.article-title', '.article-views', '.article-date', '.article-lead', '.article-body figure img', '.article-body p', '.article-byline', '.latest'];
    expect(await inDocumentOrder(page, order)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'article.png'), fullPage: true });
  });

  it('does not count a reload within the dedupe window, and shows the new count', async () => {
    const counted = beaconAnswer(page);
    const sentBefore = apiRequests.length;
    await page.reload({ waitUntil: 'load' });
    // One GraphQL request for the page: a GET naming the known document by its hash alone.
    expect(apiRequests.slice(sentBefore).map(({ method, url }) => [method, url.pathname, url.searchParams.has('query'), url.searchParams.has('extensions')])).toEqual([
      ['GET', '/graphql', false, true],
    ]);
    expect(await counted).toBe(200);
    expect(await page.locator('.article-views').textContent()).toBe(`Lượt xem: ${before + 1}`);
    expect(await viewCount()).toBe(before + 1);
  });

  it('serves the photo from srcSet and describes the article for link previews and search engines', async () => {
    const photo = page.locator('.article-body figure img');
    expect(await photo.getAttribute('srcset')).toMatch(/\/w320\.png 320w/);
    expect(await currentSource(page, '.article-body figure img')).toMatch(new RegExp(`^${newsroom.h.url}/media/`));
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(TITLE);
    expect(await page.locator('meta[property="og:type"]').getAttribute('content')).toBe('article');
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toMatch(new RegExp(`^${newsroom.h.url}/media/[0-9a-f]{64}\\.png$`));
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      headline: TITLE,
      datePublished: '2022-11-03T01:00:00.000Z',
      author: [{ '@type': 'Person', name: 'Quốc Vũ' }],
      mainEntityOfPage: { '@id': `${portalUrl}/${SLUG}` },
    });
  });
});

describe('without JavaScript', () => {
  it('renders the same article and counts the view through the pixel', async () => {
    const before = await viewCount();
    const context = await readerContext('no-script', { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const pixel = page.waitForResponse(`${newsroom.h.url}/views/${articleId}.gif`);
      await page.goto(`${portalUrl}/${SLUG}`, { waitUntil: 'load' });
      expect((await pixel).status()).toBe(200);
      expect(await page.locator('h1.article-title').textContent()).toBe(TITLE);
      expect(await imagesLoaded(page, '.article-body figure img')).toBe(true);
      expect(await viewCount()).toBe(before + 1);
    } finally {
      await context.close();
    }
  });
});

describe('the homepage', () => {
  it('lists the latest articles with their covers, and the bulletin article among the most read today', async () => {
    const context = await readerContext('home');
    try {
      const page = await context.newPage();
      const response = await page.goto(`${portalUrl}/`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.locator('.story-title a').allTextContents()).toEqual([OTHER_TITLE, TITLE]);
      expect(await page.locator('.story-title a').nth(1).getAttribute('href')).toBe(`/${SLUG}`);
      await page.locator('.story-cover img').first().scrollIntoViewIfNeeded();
      await waitForImages(page, '.story-cover img');
      expect(await page.locator('.story-cover img').count()).toBe(1);
      // Read today twice above (the article page and the page without JavaScript).
      expect(await page.locator('.most-read li a').allTextContents()).toEqual([TITLE]);
      expect(await page.locator('.most-read li .most-read-views').textContent()).toBe(`Lượt xem: ${await viewCount()}`);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});

describe('the 404 page', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await readerContext('not-found');
  });
  afterAll(() => context.close());

  it('answers 404 for an unknown slug', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${portalUrl}/khong-co-bai-viet-nay`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main h1').textContent()).toBe('Không tìm thấy trang');
    expect(await page.locator('.masthead-tagline').textContent()).toBe(TAGLINE);
  });

  it('answers 404 for a draft, whose slug exists but is not published', async () => {
    const draft = await createDraft(newsroom.h, newsroom.author.token, { categoryId: newsroom.category.id, title: 'Bản nháp chưa đăng của phường' });
    const page = await context.newPage();
    const response = await page.goto(`${portalUrl}/${draft.slug}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main h1').textContent()).toBe('Không tìm thấy trang');
    expect(await page.content()).not.toContain('Bản nháp chưa đăng');
  });

  it('answers 404 for a path that cannot be a slug, without asking Bulletin for an article', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${portalUrl}/Khong%20Phai%20Slug`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main h1').textContent()).toBe('Không tìm thấy trang');
  });
});

describe('text from the API', () => {
  it('is shown as text, never as markup, in the page and in its JSON-LD', async () => {
    const title = 'Tin <b>nóng</b> & "khẩn" </script><script>window.injected = 1</script>';
    const draft = await publishedDraft(newsroom, { title, excerpt: 'Lời dẫn <img src=x onerror="window.injected = 2">', body: '<p>Nội dung.</p>' });
    const context = await readerContext('escaping');
    try {
      const page = await context.newPage();
      const response = await page.goto(`${portalUrl}/${draft.slug}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1.article-title').textContent()).toBe(title);
      expect(await page.locator('.article-lead').textContent()).toBe('Lời dẫn <img src=x onerror="window.injected = 2">');
      expect(await page.locator('h1.article-title b, .article-lead img').count()).toBe(0);
      expect(await page.evaluate('typeof window.injected')).toBe('undefined');
      expect(JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}').headline).toBe(title);
    } finally {
      await context.close();
    }
  });
});
