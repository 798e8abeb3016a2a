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
  const port = await freePort();
  portalUrl = `http://127.0.0.1:${port}`;
  // SITE_URL: the public site Bulletin's canonical article links point to, this portal.
  newsroom = await startNewsroom({ SITE_URL: portalUrl }, { port: await freePort() });
  await publishedDraft(newsroom, { title: OTHER_TITLE, excerpt: 'Ra quân tổng vệ sinh môi trường.', body: '<p>Sáng Chủ nhật, người dân phường Hòa Nghĩa ra quân.</p>' });
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
  const consoleErrors: string[] = [];
  let context: BrowserContext;
  let page: Page;
  let before: number;

  beforeAll(async () => {
    context = await readerContext('article');
    page = await context.newPage();
    // A resource the Content-Security-Policy blocks, or a failing script, shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
    });
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
    expect(consoleErrors).toEqual([]);
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
    // Its ad slots are asked for this article's page: campaigns targeting its category serve there.
    expect(JSON.parse(apiRequests[sentBefore].url.searchParams.get('variables') ?? '{}')).toMatchObject({ slug: SLUG, adContext: { articleSlug: SLUG } });
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
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${portalUrl}/${SLUG}`);
    expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(`${portalUrl}/${SLUG}`);
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

interface CampaignStats {
  slots: { key: string }[];
  creatives: { id: string; alt: string; stats: AdCounters[] }[];
}
interface AdCounters {
  impressions: number;
  viewable: number;
  clicks: number;
}
const SIDEBAR = ['sidebar-1', 'sidebar-2', 'sidebar-3'];

/**
 * Today's counters of the creative in each sidebar slot, as an editor reads them (the seed runs one
 * house campaign with one creative per slot).
 */
async function sidebarStats(): Promise<({ id: string; alt: string } & AdCounters)[]> {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const result = await newsroom.h.gql<{ adCampaigns: { nodes: CampaignStats[] } }>(
    'query($day: Date!) { adCampaigns(first: 10) { nodes { slots { key } creatives { id alt stats(from: $day, to: $day) { impressions viewable clicks } } } } }',
    { day },
    { token: newsroom.editor.token },
  );
  const campaigns = dataOf(result).adCampaigns.nodes;
  return SIDEBAR.map((key) => {
    const [campaign, ...others] = campaigns.filter((candidate) => candidate.slots.some((slot) => slot.key === key));
    expect(others).toHaveLength(0);
    expect(campaign.creatives).toHaveLength(1);
    const [{ id, alt, stats }] = campaign.creatives;
    return { id, alt, ...stats[0] };
  });
}

/** What each sidebar creative gained between two readings. */
async function gainedSince(before: AdCounters[], counter: keyof AdCounters): Promise<number[]> {
  const now = await sidebarStats();
  return now.map((creative, index) => creative[counter] - before[index][counter]);
}

describe('the sidebar ads on the article page', () => {
  const ADVERTISER = 'https://advertiser.example/hien-mau-tinh-nguyen';
  let context: BrowserContext;
  let page: Page;
  let before: Awaited<ReturnType<typeof sidebarStats>>;
  let viewableUrls: string[];

  beforeAll(async () => {
    // 600 px high: the first ad is in view at once, the third only after scrolling.
    context = await browser.newContext({ userAgent: readerUserAgent(`ads-${RUN}`), viewport: { width: 1280, height: 600 } });
    await context.route('https://advertiser.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Nhà quảng cáo</title><h1>Nhà quảng cáo</h1>' }));
    page = await context.newPage();
    before = await sidebarStats();
  });

  afterAll(() => context.close());

  it('shows the three ads with their alt text and reports each impression once it has rendered', async () => {
    const impressions = Promise.all(SIDEBAR.map(() => page.waitForResponse((response) => response.url().startsWith(`${newsroom.h.url}/ads/impression/`))));
    await page.goto(`${portalUrl}/${SLUG}`, { waitUntil: 'load' });
    expect((await impressions).map((response) => response.status())).toEqual([200, 200, 200]);
    const images = page.locator('.ads .ad img');
    expect(await images.count()).toBe(3);
    expect(await imagesLoaded(page, '.ads .ad img')).toBe(true);
    expect(await images.evaluateAll((elements) => elements.map((element) => element.getAttribute('alt')))).toEqual(before.map((creative) => creative.alt));
    expect(before.every((creative) => creative.alt.length > 0)).toBe(true);
    expect(await inDocumentOrder(page, ['.article-byline', '.ads .ad:nth-child(1)', '.ads .ad:nth-child(2)', '.ads .ad:nth-child(3)', '.latest'])).toBe(true);
    const clickLinks = await page.locator('.ads a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(clickLinks.every((href) => new RegExp(`^${newsroom.h.url}/ads/click/[A-Za-z0-9_-]+$`).test(href ?? ''))).toBe(true);
    expect(await gainedSince(before, 'impressions')).toEqual([1, 1, 1]);
    viewableUrls = await page.locator('.ads .ad').evaluateAll((ads) => ads.map((ad) => ad.getAttribute('data-viewable-url') ?? ''));
  });

  it('counts the viewable impression of an ad scrolled into view for over a second, once', async () => {
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${newsroom.h.url}/ads/viewable/`)) sent.push(request.url());
    });
    // Below the fold: no viewable report however long the page stays open.
    await page.waitForTimeout(1_300);
    expect(sent).not.toContain(viewableUrls[2]);
    const beforeScroll = await sidebarStats();

    const third = page.locator('.ads .ad').nth(2);
    const reported = page.waitForResponse(viewableUrls[2]);
    await third.scrollIntoViewIfNeeded();
    expect((await reported).status()).toBe(200);
    expect((await gainedSince(beforeScroll, 'viewable'))[2]).toBe(1);

    // Out of view and back for over a second: no second report, and the count stays.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(300);
    await third.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_300);
    expect(sent.filter((url) => url === viewableUrls[2])).toHaveLength(1);
    expect((await gainedSince(beforeScroll, 'viewable'))[2]).toBe(1);
  });

  it("sends a click through the signed /ads/click link to the creative's URL, and counts it", async () => {
    dataOf(await newsroom.h.gql('mutation($id: ID!, $input: UpdateAdCreativeInput!) { updateAdCreative(id: $id, input: $input) { id } }', { id: before[0].id, input: { clickUrl: ADVERTISER } }, { token: newsroom.editor.token }));
    const beforeClick = await sidebarStats();
    const redirect = page.waitForResponse((response) => response.url().startsWith(`${newsroom.h.url}/ads/click/`));
    await page.locator('.ads .ad').first().locator('a').click();
    const answer = await redirect;
    expect(answer.status()).toBe(302);
    expect(answer.headers().location).toBe(ADVERTISER);
    await page.waitForURL(ADVERTISER);
    expect(await page.locator('h1').textContent()).toBe('Nhà quảng cáo');
    expect(await gainedSince(beforeClick, 'clicks')).toEqual([1, 0, 0]);
  });
});

describe('without JavaScript', () => {
  it('renders the same article and counts the view and the ad impressions through pixels', async () => {
    const before = await viewCount();
    const context = await readerContext('no-script', { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const adsBefore = await sidebarStats();
      const pixel = page.waitForResponse(`${newsroom.h.url}/views/${articleId}.gif`);
      const adPixels = Promise.all(SIDEBAR.map(() => page.waitForResponse((response) => /\/ads\/impression\/[A-Za-z0-9_-]+\.gif$/.test(response.url()))));
      await page.goto(`${portalUrl}/${SLUG}`, { waitUntil: 'load' });
      expect((await pixel).status()).toBe(200);
      expect((await adPixels).map((response) => response.status())).toEqual([200, 200, 200]);
      expect(await gainedSince(adsBefore, 'impressions')).toEqual([1, 1, 1]);
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
      expect(await page.locator('.sidebar .ads .ad img').count()).toBe(3);
      expect(await imagesLoaded(page, '.sidebar .ads .ad img')).toBe(true);
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
