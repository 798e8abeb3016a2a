import type { Article } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import { dataOf } from '../helpers/expect-graphql';
import { buildCategory, buildMedia, buildUser, createArticles, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

interface Edge {
  cursor: string;
  node: { id: string; publishedAt: string };
}
interface Connection {
  edges: Edge[];
  nodes: { id: string; publishedAt: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount?: number;
}

const CONNECTION_FIELDS = 'edges { cursor node { id publishedAt } } nodes { id publishedAt } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

const TOTAL = 60;
let h: Harness;
let category: Category;
/** The 60 articles, newest first. */
let newestFirst: Article[];

beforeAll(async () => {
  h = await startHarness();
  const em = h.orm.em.fork();
  category = await createCategory(em, { name: `Pagination ${uniqueToken()}` });
  const start = Date.UTC(2021, 0, 1);
  // Inserted in shuffled order so that insertion order cannot pass for publication order.
  const order = Array.from({ length: TOTAL }, (_, i) => (i * 37) % TOTAL);
  const articles = await createArticles(em, TOTAL, (i) => ({ category, publishedAt: new Date(start + order[i] * 3_600_000 + order[i]) }));
  newestFirst = [...articles].sort((a, b) => (b.publishedAt as Date).getTime() - (a.publishedAt as Date).getTime());
});
afterAll(() => h?.close());

type Fetch = (args: { first?: number; after?: string | null; last?: number; before?: string | null; orderBy?: string }) => Promise<Connection>;

const viaCategory: Fetch = async (args) => {
  const query = `query($slug: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
    category(slug: $slug) { articles(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) { ${CONNECTION_FIELDS} } }
  }`;
  return dataOf(await h.gql<{ category: { articles: Connection } }>(query, { slug: category.slug, ...args })).category.articles;
};

const viaArticles: Fetch = async (args) => {
  const query = `query($slug: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
    articles(filter: { categorySlug: $slug }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) { ${CONNECTION_FIELDS} }
  }`;
  return dataOf(await h.gql<{ articles: Connection }>(query, { slug: category.slug, ...args })).articles;
};

/** Checks the invariants every page must hold, then returns its node ids. */
function checkPage(page: Connection): string[] {
  expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
  expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  return page.nodes.map((node) => node.id);
}

async function walkForward(fetch: Fetch, orderBy?: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page = await fetch({ first: 7, after, orderBy });
    pages += 1;
    ids.push(...checkPage(page));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(7);
    after = page.pageInfo.endCursor;
    if (pages > TOTAL) throw new Error('pagination does not end');
  }
  return { ids, pages };
}

async function walkBackward(fetch: Fetch): Promise<{ ids: string[]; pages: number }> {
  let ids: string[] = [];
  let before: string | null = null;
  let pages = 0;
  for (;;) {
    const page = await fetch({ last: 7, before });
    pages += 1;
    ids = [...checkPage(page), ...ids];
    expect(page.pageInfo.hasNextPage).toBe(before !== null);
    if (!page.pageInfo.hasPreviousPage) break;
    expect(page.edges).toHaveLength(7);
    before = page.pageInfo.startCursor;
    if (pages > TOTAL) throw new Error('pagination does not end');
  }
  return { ids, pages };
}

describe.each([
  ['category(slug).articles', viaCategory],
  ['articles(filter: { categorySlug })', viaArticles],
])('%s', (_name, fetch) => {
  test('following endCursor with first: 7 visits every article once, newest first', async () => {
    const { ids, pages } = await walkForward(fetch);
    expect(pages).toBe(Math.ceil(TOTAL / 7));
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids).toEqual(newestFirst.map((a) => a.id));
  });

  test('walking back from the end with last: 7 and before gives the same list', async () => {
    const { ids, pages } = await walkBackward(fetch);
    expect(pages).toBe(Math.ceil(TOTAL / 7));
    expect(ids).toEqual(newestFirst.map((a) => a.id));
  });

  test('PUBLISHED_AT_ASC visits every article once, oldest first', async () => {
    const { ids } = await walkForward(fetch, 'PUBLISHED_AT_ASC');
    expect(ids).toEqual(newestFirst.map((a) => a.id).reverse());
  });

  test('publishedAt is serialized as an ISO date and decreases along the list', async () => {
    const page = await fetch({ first: 3 });
    expect(page.nodes.map((n) => n.publishedAt)).toEqual(newestFirst.slice(0, 3).map((a) => (a.publishedAt as Date).toISOString()));
  });

  test('a page taken with after is the continuation of the previous one', async () => {
    const first = await fetch({ first: 7 });
    const second = await fetch({ first: 7, after: first.edges[2].cursor });
    expect(second.nodes.map((n) => n.id)).toEqual(newestFirst.slice(3, 10).map((a) => a.id));
  });

  test('last: 7, before a cursor in the middle, is the seven before it', async () => {
    const all = await fetch({ first: 30 });
    const page = await fetch({ last: 7, before: all.edges[20].cursor });
    expect(page.nodes.map((n) => n.id)).toEqual(newestFirst.slice(13, 20).map((a) => a.id));
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  test('the last page after the last cursor is empty with null cursors', async () => {
    const all = await fetch({ first: 100 });
    expect(all.edges).toHaveLength(TOTAL);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const after = await fetch({ first: 7, after: all.pageInfo.endCursor });
    expect(after).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
  });

  test('without first or last the page size is 20', async () => {
    const page = await fetch({});
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });
});

test('totalCount counts all 60 on every page, by either path', async () => {
  const query = `query($slug: String!, $after: String) {
    articles(filter: { categorySlug: $slug }, first: 7, after: $after) { totalCount pageInfo { endCursor } }
    category(slug: $slug) { articles(first: 7) { totalCount } }
  }`;
  const first = dataOf(await h.gql<{ articles: { totalCount: number; pageInfo: { endCursor: string } }; category: { articles: { totalCount: number } } }>(query, { slug: category.slug }));
  expect(first.articles.totalCount).toBe(TOTAL);
  expect(first.category.articles.totalCount).toBe(TOTAL);
  const second = dataOf(await h.gql<{ articles: { totalCount: number } }>(query, { slug: category.slug, after: first.articles.pageInfo.endCursor }));
  expect(second.articles.totalCount).toBe(TOTAL);
});

test('totalCount costs one SQL statement, and only when asked for', async () => {
  const measure = async (fields: string) => {
    const before = h.queryCount();
    dataOf(await h.gql(`query($slug: String!) { articles(filter: { categorySlug: $slug }, first: 7) { ${fields} } }`, { slug: category.slug }));
    return h.queryCount() - before;
  };
  const without = await measure('nodes { id }');
  const withCount = await measure('nodes { id } totalCount');
  expect(without).toBeGreaterThan(0);
  expect(withCount).toBe(without + 1);
});

test('articles with the same publication time are ordered by id and never skipped or repeated', async () => {
  const em = h.orm.em.fork();
  const tied = await createCategory(em, { name: `Ties ${uniqueToken()}` });
  const at = new Date(Date.UTC(2020, 5, 1, 8));
  const articles = await createArticles(em, 9, () => ({ category: tied, publishedAt: at }));
  const query = `query($slug: String!, $after: String, $orderBy: ArticleOrder) {
    articles(filter: { categorySlug: $slug }, first: 2, after: $after, orderBy: $orderBy) { nodes { id } pageInfo { hasNextPage endCursor } }
  }`;
  for (const orderBy of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC']) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard += 1) {
      const page: { articles: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = dataOf(
        await h.gql(query, { slug: tied.slug, after, orderBy }),
      );
      ids.push(...page.articles.nodes.map((n) => n.id));
      if (!page.articles.pageInfo.hasNextPage) break;
      after = page.articles.pageInfo.endCursor;
    }
    const sorted = articles.map((a) => a.id).sort();
    expect(ids).toEqual(orderBy === 'PUBLISHED_AT_ASC' ? sorted : [...sorted].reverse());
  }
});

describe('DataLoader batching', () => {
  const tag = `batch-${uniqueToken()}`;

  beforeAll(async () => {
    const em = h.orm.em.fork();
    const parent = buildCategory(em);
    const categories = Array.from({ length: 6 }, () => buildCategory(em, { parent }));
    const authors = Array.from({ length: 12 }, () => buildUser(em));
    await createArticles(em, 55, (i) => ({
      tags: [tag],
      category: categories[i % categories.length],
      author: authors[i % authors.length],
      coverImage: buildMedia(em),
      publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    }));
  });

  const LIST = `query($first: Int!, $tag: String!) {
    articles(first: $first, filter: { tag: $tag }) { nodes { title category { name } author { displayName } coverImage { url } } }
  }`;

  async function statementsFor(first: number): Promise<{ statements: number; nodes: { category: unknown; author: unknown; coverImage: unknown }[] }> {
    const before = h.queryCount();
    const data = dataOf(await h.gql<{ articles: { nodes: { category: unknown; author: unknown; coverImage: unknown }[] } }>(LIST, { first, tag }));
    return { statements: h.queryCount() - before, nodes: data.articles.nodes };
  }

  test('50 articles with category, author and cover cost as many SQL statements as 5', async () => {
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(five.nodes).toHaveLength(5);
    expect(fifty.nodes).toHaveLength(50);
    for (const node of fifty.nodes) {
      expect(node.category).toEqual({ name: expect.any(String) });
      expect(node.author).toEqual({ displayName: expect.any(String) });
      expect(node.coverImage).toEqual({ url: expect.stringContaining('/media/') });
    }
    expect(fifty.statements).toBe(five.statements);
    // One statement: the list query joins category, author and cover and primes the loaders with them.
    expect(fifty.statements).toBe(1);
  });

  test('category trees are batched too: children, parent and articleCount of every category in one query each', async () => {
    const measure = async (first: number) => {
      const before = h.queryCount();
      dataOf(
        await h.gql(`query($first: Int!, $tag: String!) { articles(first: $first, filter: { tag: $tag }) { nodes { category { parent { name children { name } } articleCount } } } }`, {
          first,
          tag,
        }),
      );
      return h.queryCount() - before;
    };
    expect(await measure(50)).toBe(await measure(2));
  });
});
