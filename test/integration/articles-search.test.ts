import type { Article } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import { dataOf } from '../helpers/expect-graphql';
import { createArticle, createArticles, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

const TITLE = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện';

let h: Harness;
let category: Category;
let bulletin: Article;

beforeAll(async () => {
  h = await startHarness();
  const em = h.orm.em.fork();
  category = await createCategory(em, { name: `Search ${uniqueToken()}` });
  bulletin = await createArticle(em, {
    title: TITLE,
    slug: `quan-duong-kinh-hien-mau-${uniqueToken()}`,
    excerpt: 'Sáng nay, hơn 300 đoàn viên thanh niên tham gia.',
    body: '<p>Ban chỉ đạo vận động hiến máu tình nguyện của quận đã tiếp nhận nhiều đơn vị máu.</p>',
    category,
  });
  await createArticle(em, { title: `Thời tiết Hải Phòng hôm nay ${uniqueToken()}`, body: '<p>Trời nắng, không mưa.</p>', category });
});
afterAll(() => h?.close());

/** Search limited to this file's category, so seeded articles never interfere. */
async function search(text: string, orderBy = 'PUBLISHED_AT_DESC'): Promise<string[]> {
  const query = `query($search: String!, $slug: String!, $orderBy: ArticleOrder) {
    articles(filter: { search: $search, categorySlug: $slug }, orderBy: $orderBy, first: 50) { nodes { id } }
  }`;
  const data = dataOf(await h.gql<{ articles: { nodes: { id: string }[] } }>(query, { search: text, slug: category.slug, orderBy }));
  return data.articles.nodes.map((n) => n.id);
}

describe('accent-insensitive Vietnamese search', () => {
  test.each([
    ['without tones', 'hien mau'],
    ['in capitals with tones', 'HIẾN MÁU'],
    ['in NFD (decomposed) form', 'hiến máu'.normalize('NFD')],
    ['with đ written as d', 'duong kinh'],
    ['with đ itself', 'Dương Kinh'],
    ['by a prefix of the last word', 'ngay hoi hien ma'],
    ['by a word of the excerpt', 'doan vien'],
    ['by a word of the body only', 'chi dao'],
  ])('finds the article %s ("%s")', async (_how, text) => {
    expect(await search(text)).toEqual([bulletin.id]);
  });

  test('the NFD probe really is decomposed', () => {
    const nfd = 'hiến máu'.normalize('NFD');
    expect(nfd).not.toBe('hiến máu');
    expect(nfd.normalize('NFC')).toBe('hiến máu');
  });

  test('finds it in RELEVANCE order too', async () => {
    expect(await search('hien mau', 'RELEVANCE')).toEqual([bulletin.id]);
  });

  test('does not find it by an unrelated word', async () => {
    expect(await search('bong da')).toEqual([]);
  });

  test('needs every word to match', async () => {
    expect(await search('hien mau bong')).toEqual([]);
  });

  test('does not match inside a word except as a prefix of the last one', async () => {
    expect(await search('ien mau')).toEqual([]);
  });

  test('finds it from the whole catalogue without a category filter', async () => {
    const data = dataOf(await h.gql<{ articles: { nodes: { id: string }[] } }>('{ articles(filter: { search: "duong kinh hien mau" }, first: 100) { nodes { id } } }'));
    expect(data.articles.nodes.map((n) => n.id)).toContain(bulletin.id);
  });
});

describe('orderBy RELEVANCE', () => {
  const word = `zr${uniqueToken()}`;
  let ranked: Category;
  let titleMatches: Article[];
  let bodyMatches: Article[];

  beforeAll(async () => {
    const em = h.orm.em.fork();
    ranked = await createCategory(em, { name: `Ranked ${uniqueToken()}` });
    // Five of each, so that a tie broken by the (random) id cannot pass for a ranking by chance.
    // The body-only matches are the newer ones: date order and relevance order disagree.
    titleMatches = await createArticles(em, 5, (i) => ({
      title: `${word} trong tiêu đề ${i}`,
      body: '<p>Nội dung không liên quan.</p>',
      category: ranked,
      publishedAt: new Date(Date.UTC(2022, 0, 1 + i)),
    }));
    bodyMatches = await createArticles(em, 5, (i) => ({
      title: `Một tiêu đề khác ${i}`,
      body: `<p>Chỉ nhắc ${word} một lần trong thân bài.</p>`,
      category: ranked,
      publishedAt: new Date(Date.UTC(2023, 0, 1 + i)),
    }));
  });

  const list = async (orderBy: string) => {
    const data = dataOf(
      await h.gql<{ articles: { nodes: { id: string }[] } }>(
        'query($search: String!, $orderBy: ArticleOrder) { articles(filter: { search: $search }, orderBy: $orderBy) { nodes { id } } }',
        { search: word, orderBy },
      ),
    );
    return data.articles.nodes.map((n) => n.id);
  };
  const ids = (articles: Article[]) => new Set(articles.map((a) => a.id));

  test('ranks title matches above body-only matches', async () => {
    const listed = await list('RELEVANCE');
    expect(listed).toHaveLength(10);
    expect(new Set(listed.slice(0, 5))).toEqual(ids(titleMatches));
    expect(new Set(listed.slice(5))).toEqual(ids(bodyMatches));
  });

  test('while date order puts the newer body-only matches first', async () => {
    const listed = await list('PUBLISHED_AT_DESC');
    expect(new Set(listed.slice(0, 5))).toEqual(ids(bodyMatches));
  });

  test('its cursors page through every match exactly once, forwards and backwards', async () => {
    const em = h.orm.em.fork();
    const common = `zp${uniqueToken()}`;
    const pageCategory = await createCategory(em, { name: `Relevance pages ${uniqueToken()}` });
    // Varying how often the word occurs gives varying ranks, with ties among equal texts.
    const articles = await createArticles(em, 23, (i) => ({
      title: i % 5 === 0 ? `${common} tiêu đề ${i}` : `Bài số ${i}`,
      body: `<p>${`${common} `.repeat(1 + (i % 4))} thân bài</p>`,
      category: pageCategory,
      publishedAt: new Date(Date.UTC(2022, 5, 1 + i)),
    }));
    const query = `query($search: String!, $first: Int, $after: String, $last: Int, $before: String) {
      articles(filter: { search: $search }, orderBy: RELEVANCE, first: $first, after: $after, last: $last, before: $before) {
        nodes { id } totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    type Page = { articles: { nodes: { id: string }[]; totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } } };
    const all = dataOf(await h.gql<Page>(query, { search: common, first: 100 })).articles;
    expect(all.totalCount).toBe(23);
    expect(new Set(all.nodes.map((n) => n.id))).toEqual(new Set(articles.map((a) => a.id)));

    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 30; guard += 1) {
      const page: Page['articles'] = dataOf(await h.gql<Page>(query, { search: common, first: 4, after })).articles;
      forward.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(all.nodes.map((n) => n.id));

    let backward: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 30; guard += 1) {
      const page: Page['articles'] = dataOf(await h.gql<Page>(query, { search: common, last: 4, before })).articles;
      backward = [...page.nodes.map((n) => n.id), ...backward];
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(all.nodes.map((n) => n.id));
  });

  test('a RELEVANCE cursor is refused for another search', async () => {
    const data = dataOf(
      await h.gql<{ articles: { pageInfo: { endCursor: string } } }>('query($search: String!) { articles(filter: { search: $search }, orderBy: RELEVANCE, first: 1) { pageInfo { endCursor } } }', {
        search: word,
      }),
    );
    // The cursor carries a rank, which means nothing under another order.
    const result = await h.gql('query($after: String!) { articles(after: $after) { nodes { id } } }', { after: data.articles.pageInfo.endCursor });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('the search statement', () => {
  test('is one text for every search (the words are a parameter) and reads the stored document', async () => {
    const texts: string[] = [];
    const listen = (query: { sql: string }) => {
      if (query.sql.includes('search_document')) texts.push(query.sql);
    };
    const knex = h.orm.em.getKnex();
    knex.on('query', listen);
    try {
      await search('hien mau');
      await search('thoi tiet');
    } finally {
      knex.off('query', listen);
    }
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).not.toMatch(/hien|thoi/);
    // Recomputing to_tsvector per row is what made date-ordered searches slow: none is left.
    expect(texts[0]).not.toContain('to_tsvector');
  });
});
