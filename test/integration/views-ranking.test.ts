import type { Article } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle, createArticles, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { browser, client, recordView } from '../helpers/views-api';

/** Reading views: "most read" by period, articles ordered by views with cursors, and staff daily figures. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  client.destroy();
  await h?.close();
});

/** Adds views to an article `daysAgo` newsroom days before today, as the batch statement would. */
async function addDailyViews(article: Article, daysAgo: number, views: number): Promise<void> {
  await h.orm.em.getKnex().raw(
    `insert into article_views_daily (article_id, day, views) values (?, (now() at time zone ?)::date - ?::int, ?)
     on conflict (article_id, day) do update set views = article_views_daily.views + excluded.views`,
    [article.id, h.config.timezone, daysAgo, views],
  );
}

async function addDailyViewsOn(article: Article, day: string, views: number): Promise<void> {
  await h.orm.em.getKnex().raw('insert into article_views_daily (article_id, day, views) values (?, ?, ?)', [article.id, day, views]);
}

const MOST_VIEWED = `query($period: ViewPeriod!, $first: Int, $slug: String) {
  mostViewedArticles(period: $period, first: $first, categorySlug: $slug) { id title viewCount category { slug } }
}`;

describe('mostViewedArticles', () => {
  let parent: Category;
  let child: Category;
  let other: Category;
  const a: Record<string, Article> = {};
  const hour = 3_600_000;

  beforeAll(async () => {
    const em = h.orm.em.fork();
    parent = await createCategory(em, { name: `Most read ${uniqueToken()}` });
    child = await createCategory(em, { name: `Most read child ${uniqueToken()}`, parent });
    other = await createCategory(em, { name: `Most read other ${uniqueToken()}` });
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour);
    const make = async (name: string, category: Category, viewCount: number, hoursAgo: number, status = ArticleStatus.PUBLISHED) => {
      a[name] = await createArticle(em, { title: `${name} ${uniqueToken()}`, category, viewCount, status, publishedAt: status === ArticleStatus.PUBLISHED ? at(hoursAgo) : null });
    };
    await make('A', parent, 1000, 50);
    await make('B', child, 5, 40);
    await make('W', parent, 50, 60);
    await make('M', child, 40, 70);
    await make('Old', child, 100, 80);
    await make('Draft', parent, 5000, 0, ArticleStatus.DRAFT);
    await make('X', other, 3, 30);
    await make('T1', other, 2, 20);
    await make('T2', other, 2, 10);
    await addDailyViews(a.A, 0, 1);
    await addDailyViews(a.A, 6, 20); // the oldest day of the week
    await addDailyViews(a.B, 0, 5);
    await addDailyViews(a.W, 7, 50); // just before the week, inside the month
    await addDailyViews(a.M, 29, 40); // the oldest day of the month
    await addDailyViews(a.Old, 30, 100); // just before the month
    await addDailyViews(a.Draft, 0, 50);
    await addDailyViews(a.X, 0, 3);
    await addDailyViews(a.T1, 0, 2);
    await addDailyViews(a.T2, 0, 2);
    // One real view: the recorder and the ranking agree on what "today" is.
    expect(await recordView(h, a.B.id, browser(`ranking-${uniqueToken()}`))).toBe(true);
  });

  const ranked = async (period: string, slug?: string, first?: number) => {
    const data = dataOf(await h.gql<{ mostViewedArticles: { id: string }[] }>(MOST_VIEWED, { period, slug, first }));
    const names = new Map(Object.entries(a).map(([name, article]) => [article.id, name]));
    return data.mostViewedArticles.map((row) => names.get(row.id) ?? `seed:${row.id}`);
  };

  test('DAY ranks by today’s views, not all-time: B (6 today) before A (1000 in all, 1 today)', async () => {
    expect(await ranked('DAY')).toEqual(['B', 'X', 'T2', 'T1', 'A']);
    expect(await ranked('DAY', parent.slug)).toEqual(['B', 'A']);
    expect(await ranked('ALL_TIME', parent.slug)).toEqual(['A', 'Old', 'W', 'M', 'B']);
  });

  test('WEEK is the last 7 newsroom days including today, MONTH the last 30', async () => {
    expect(await ranked('WEEK')).toEqual(['A', 'B', 'X', 'T2', 'T1']);
    expect(await ranked('MONTH')).toEqual(['W', 'M', 'A', 'B', 'X', 'T2', 'T1']);
  });

  test('ALL_TIME ranks every public article by its total', async () => {
    const all = await ranked('ALL_TIME', undefined, 50);
    expect(all[0]).toBe('A');
    expect(all).not.toContain('Draft');
    const totals = dataOf(await h.gql<{ mostViewedArticles: { viewCount: number }[] }>(MOST_VIEWED, { period: 'ALL_TIME', first: 50 })).mostViewedArticles.map((row) => row.viewCount);
    expect(totals).toEqual([...totals].sort((x, y) => y - x));
  });

  test('categorySlug takes the category and its subcategories', async () => {
    expect(await ranked('MONTH', parent.slug)).toEqual(['W', 'M', 'A', 'B']);
    expect(await ranked('MONTH', child.slug)).toEqual(['M', 'B']);
    expect(await ranked('DAY', other.slug)).toEqual(['X', 'T2', 'T1']);
    expect(await ranked('DAY', `  ${other.slug.toUpperCase()} `)).toEqual(['X', 'T2', 'T1']);
    expect(await ranked('DAY', 'no-such-category')).toEqual([]);
  });

  test('ties go to the newer article; unpublished articles never appear', async () => {
    const today = await ranked('DAY', other.slug);
    expect(today.indexOf('T2')).toBeLessThan(today.indexOf('T1'));
    for (const period of ['DAY', 'WEEK', 'MONTH', 'ALL_TIME']) expect(await ranked(period, parent.slug)).not.toContain('Draft');
  });

  test('first is 10 by default, 1 to 50', async () => {
    expect(await ranked('DAY', undefined, 2)).toEqual(['B', 'X']);
    await createArticles(h.orm.em.fork(), 4, () => ({ category: other, viewCount: 0 }));
    const all = await ranked('ALL_TIME', undefined, 50);
    expect(all.length).toBeGreaterThan(10);
    expect(await ranked('ALL_TIME')).toEqual(all.slice(0, 10));
    expectBadInput(await h.gql(MOST_VIEWED, { period: 'DAY', first: 0 }), 'first');
    expectBadInput(await h.gql(MOST_VIEWED, { period: 'DAY', first: 51 }), 'first');
  });
});

describe('articles(orderBy: VIEWS_DESC)', () => {
  let category: Category;
  let expected: string[];
  const LIST = `query($slug: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
    articles(filter: { categorySlug: $slug }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      nodes { id viewCount } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  type Page = { nodes: { id: string; viewCount: number }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
  const page = async (args: Record<string, unknown>) => dataOf(await h.gql<{ articles: Page }>(LIST, { slug: category.slug, orderBy: 'VIEWS_DESC', ...args })).articles;

  beforeAll(async () => {
    const em = h.orm.em.fork();
    category = await createCategory(em, { name: `By views ${uniqueToken()}` });
    // Many equal counts: the id breaks ties, and no article may be skipped or repeated across pages.
    const articles = await createArticles(em, 23, (i) => ({ category, viewCount: ((i * 7) % 5) * 10 }));
    expected = [...articles].sort((x, y) => y.viewCount - x.viewCount || (x.id < y.id ? 1 : -1)).map((article) => article.id);
  });

  test('pages forward through every article once, most viewed first', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const current = await page({ first: 5, after });
      seen.push(...current.nodes.map((node) => node.id));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  test('pages backward the same way', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const current = await page({ last: 4, before });
      seen.unshift(...current.nodes.map((node) => node.id));
      if (!current.pageInfo.hasPreviousPage) break;
      before = current.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });

  test('a VIEWS_DESC cursor is refused by another ordering', async () => {
    const { endCursor } = (await page({ first: 2 })).pageInfo;
    expectBadInput(await h.gql(LIST, { slug: category.slug, orderBy: 'PUBLISHED_AT_DESC', first: 2, after: endCursor }), 'after');
  });

  test('follows views as they are counted', async () => {
    const last = expected[expected.length - 1];
    const top = (await page({ first: 1 })).nodes[0];
    const needed = top.viewCount + 1;
    await h.orm.em.getKnex()('article').where('id', last).update({ view_count: needed - 1 });
    expect(await recordView(h, last, browser(`order-${uniqueToken()}`))).toBe(true);
    expect((await page({ first: 1 })).nodes[0]).toEqual({ id: last, viewCount: needed });
  });
});

describe('Article.viewStats', () => {
  let author: SignedIn;
  let otherAuthor: SignedIn;
  let editor: SignedIn;
  let article: Article;
  let category: Category;
  const STATS = `query($id: ID!, $from: Date!, $to: Date!) { article(id: $id) { viewStats(from: $from, to: $to) { day views } } }`;
  const stats = (token: string | undefined, from: string, to: string, id = article.id) =>
    h.gql<{ article: { viewStats: { day: string; views: number }[] } }>(STATS, { id, from, to }, { token });
  const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((error) => error.extensions?.code);

  beforeAll(async () => {
    [author, otherAuthor, editor] = [await signIn(h, { role: Role.AUTHOR }), await signIn(h, { role: Role.AUTHOR }), await signIn(h, { role: Role.EDITOR })];
    const em = h.orm.em.fork();
    category = await createCategory(em, { name: `Stats ${uniqueToken()}` });
    article = await createArticle(em, { author: author.user, category });
    await addDailyViewsOn(article, '2026-01-02', 3);
    await addDailyViewsOn(article, '2026-01-04', 7);
  });

  test('gives one entry per day of the range, days without views as zero', async () => {
    for (const token of [author.token, editor.token]) {
      expect(dataOf(await stats(token, '2026-01-01', '2026-01-05')).article.viewStats).toEqual([
        { day: '2026-01-01', views: 0 },
        { day: '2026-01-02', views: 3 },
        { day: '2026-01-03', views: 0 },
        { day: '2026-01-04', views: 7 },
        { day: '2026-01-05', views: 0 },
      ]);
    }
    expect(dataOf(await stats(editor.token, '2026-01-04', '2026-01-04')).article.viewStats).toEqual([{ day: '2026-01-04', views: 7 }]);
  });

  test('anonymous readers are UNAUTHENTICATED, other authors FORBIDDEN', async () => {
    expect(codes(await stats(undefined, '2026-01-01', '2026-01-05'))).toEqual(['UNAUTHENTICATED']);
    const stranger = await stats(otherAuthor.token, '2026-01-01', '2026-01-05');
    expect(codes(stranger)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(stranger)).not.toContain('"views":7');
  });

  test('checks the range: from ≤ to, at most 366 days, real calendar days', async () => {
    expectBadInput(await stats(editor.token, '2026-01-05', '2026-01-01'), 'from');
    expectBadInput(await stats(editor.token, '2024-01-01', '2025-01-01'), 'to');
    const leapYear = dataOf(await stats(editor.token, '2024-01-01', '2024-12-31')).article.viewStats;
    expect(leapYear).toHaveLength(366);
    expect(leapYear[59]).toEqual({ day: '2024-02-29', views: 0 });
    for (const day of ['2026-02-30', '2026-1-5', '05/01/2026', '2026-01-05T00:00:00Z']) {
      const result = await stats(editor.token, day, '2026-03-01');
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.status).toBeLessThan(500);
    }
  });

  test('in a list, every article’s figures come from one query', async () => {
    const em = h.orm.em.fork();
    const more = await createArticles(em, 12, () => ({ category, author: author.user }));
    await addDailyViewsOn(more[0], '2026-01-03', 4);
    const LIST = `query($slug: String!, $first: Int) { articles(filter: { categorySlug: $slug }, first: $first) { nodes { id viewStats(from: "2026-01-01", to: "2026-01-05") { views } } } }`;
    const run = async (first: number) => {
      const before = h.queryCount();
      const data = dataOf(await h.gql<{ articles: { nodes: { id: string; viewStats: { views: number }[] }[] } }>(LIST, { slug: category.slug, first }, { token: editor.token }));
      return { statements: h.queryCount() - before, nodes: data.articles.nodes };
    };
    const small = await run(2);
    const large = await run(13);
    expect(large.nodes).toHaveLength(13);
    expect(large.statements).toBe(small.statements);
    const byId = new Map(large.nodes.map((node) => [node.id, node.viewStats.map((entry) => entry.views)]));
    expect(byId.get(more[0].id)).toEqual([0, 0, 4, 0, 0]);
    expect(byId.get(article.id)).toEqual([0, 3, 0, 7, 0]);
  });
});
