import { DEMO_AUTHORS, generateDemoArticles, newsroomMidnight, planDemoArticles } from '../../seeds/demo/generate-demo';
import { LocalMediaStorage } from '../../src/modules/media/media-storage';
import { startHarness, type Harness } from '../helpers/harness';

const SEED = 7;
const COUNT = 60;
const BULLETIN_SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';

interface ListedArticle {
  slug: string;
  title: string;
  publishedAt: string;
  viewCount: number;
  tags: string[];
  author: { displayName: string };
  category: { slug: string };
  coverImage: { url: string } | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('generateDemoArticles', () => {
  test('inserts demo articles that the public article list shows, next to the bulletin one', async () => {
    const anchor = newsroomMidnight(new Date());
    const result = await generateDemoArticles(h.orm, { count: COUNT, seed: SEED, anchor, mediaStorage: new LocalMediaStorage(h.config.mediaDir) });
    expect(result).toEqual({ inserted: COUNT, skipped: 0 });

    const { data, errors } = await h.gql<{ articles: { totalCount: number; nodes: ListedArticle[] } }>(
      `{ articles(first: 100) { totalCount nodes {
          slug title publishedAt viewCount tags author { displayName } category { slug } coverImage { url } } } }`,
    );
    expect(errors).toBeUndefined();
    const nodes = data?.articles.nodes ?? [];
    expect(data?.articles.totalCount).toBe(COUNT + 1);
    expect(nodes).toHaveLength(COUNT + 1);
    expect(nodes.map((node) => node.slug)).toContain(BULLETIN_SLUG);

    const demo = nodes.filter((node) => node.slug !== BULLETIN_SLUG);
    const planned = planDemoArticles(COUNT, SEED, anchor);
    expect(new Set(demo.map((node) => node.title))).toEqual(new Set(planned.map((article) => article.title)));
    // Spread over the sections, the reporters and the past year, each at its own time.
    expect(new Set(demo.map((node) => node.category.slug)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(demo.map((node) => node.author.displayName))).toEqual(new Set(DEMO_AUTHORS));
    expect(new Set(demo.map((node) => node.publishedAt)).size).toBe(COUNT);
    for (const node of demo) {
      expect(Date.parse(node.publishedAt)).toBeLessThan(anchor.getTime());
      expect(node.tags.length).toBeGreaterThan(0);
    }
    expect(demo.some((node) => node.coverImage !== null)).toBe(true);
    expect(demo.some((node) => node.coverImage === null)).toBe(true);
    expect(new Set(demo.map((node) => node.viewCount)).size).toBeGreaterThan(COUNT / 2);
  });

  test('gives the same articles for the same seed, and different ones for another seed', () => {
    const anchor = new Date('2026-01-01T00:00:00+07:00');
    const first = planDemoArticles(COUNT, SEED, anchor);
    expect(planDemoArticles(COUNT, SEED, anchor)).toEqual(first);
    expect(planDemoArticles(COUNT, SEED + 1, anchor).map((a) => a.title)).not.toEqual(first.map((a) => a.title));
  });

  test('writes Vietnamese text composed from the newsroom vocabulary', () => {
    for (const article of planDemoArticles(20, SEED, new Date('2026-01-01T00:00:00+07:00'))) {
      expect(article.title.normalize('NFC')).toBe(article.title);
      expect(article.lead).toMatch(/^(Sáng|Trưa|Chiều|Tối) ngày \d{2}\/\d{2}\/\d{4}, /);
      expect(article.paragraphs.at(-1)).toMatch(/\.\/\.$/);
      expect(article.slug).toMatch(/^[a-z0-9-]+-\d+$/);
    }
  });

  test('running again with the same seed adds nothing and does not fail', async () => {
    const anchor = newsroomMidnight(new Date());
    const result = await generateDemoArticles(h.orm, { count: COUNT, seed: SEED, anchor, mediaStorage: new LocalMediaStorage(h.config.mediaDir) });
    expect(result).toEqual({ inserted: 0, skipped: COUNT });
    const [{ count }] = await h.orm.em.fork().getKnex()('article').count<{ count: string }[]>({ count: '*' });
    expect(Number(count)).toBe(COUNT + 1);
  });
});
