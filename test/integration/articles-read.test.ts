import { randomUUID } from 'node:crypto';
import type { Article } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import type { Media } from '../../src/modules/media/media.entity';
import type { User } from '../../src/modules/identity';
import type { ArticleData as WrittenArticleData } from '../helpers/article-api';
import { dataOf } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle, createCategory, createMedia, createUser, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

const ARTICLE_FIELDS = `
  id slug title excerpt body status publishedAt tags viewCount readingTimeMinutes
  category { id name slug }
  author { id displayName slug }
  coverImage { id url width height alt caption mimeType }
`;

/** What the write tests read back, without the version, plus the public fields and relations. */
interface ArticleData extends Omit<WrittenArticleData, 'version'> {
  viewCount: number;
  readingTimeMinutes: number;
  category: { id: string; name: string; slug: string };
  author: { id: string; displayName: string; slug: string };
  coverImage: { id: string; url: string; width: number | null; height: number | null; alt: string | null; caption: string | null; mimeType: string } | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('article(slug:) and article(id:)', () => {
  let category: Category;
  let author: User;
  let cover: Media;
  let article: Article;
  const publishedAt = new Date('2022-06-14T02:30:00.000Z');

  beforeAll(async () => {
    const em = h.orm.em.fork();
    const token = uniqueToken();
    category = await createCategory(em, { name: `Thời sự ${token}` });
    author = await createUser(em, { displayName: `Nguyễn Văn An ${token}` });
    cover = await createMedia(em, { mimeType: 'image/png', width: 1600, height: 900, alt: 'Người dân hiến máu', caption: 'Ảnh: Ban tổ chức' });
    article = await createArticle(em, {
      title: `Bài viết đầy đủ ${token}`,
      excerpt: 'Sapo của bài',
      body: `<p>${'chữ '.repeat(450).trim()}</p>`,
      category,
      author,
      coverImage: cover,
      tags: ['hiến máu', 'Dương Kinh'],
      viewCount: 42,
      publishedAt,
    });
  });

  const expected = () => ({
    id: article.id,
    slug: article.slug,
    title: article.title,
    excerpt: 'Sapo của bài',
    body: article.body,
    status: 'PUBLISHED',
    publishedAt: publishedAt.toISOString(),
    tags: ['hiến máu', 'Dương Kinh'],
    viewCount: 42,
    readingTimeMinutes: 3, // 450 words at 200 words a minute, rounded up
    category: { id: category.id, name: category.name, slug: category.slug },
    author: { id: author.id, displayName: author.displayName, slug: author.slug },
    coverImage: {
      id: cover.id,
      url: expect.stringMatching(new RegExp(`^https?://[^/]+/media/${cover.storageKey.replace('.', '\\.')}$`)),
      width: 1600,
      height: 900,
      alt: 'Người dân hiến máu',
      caption: 'Ảnh: Ban tổ chức',
      mimeType: 'image/png',
    },
  });

  test('finds a published article by slug with its category, author, cover, tags and counters', async () => {
    const data = dataOf(await h.gql<{ article: ArticleData }>(`query($slug: String!) { article(slug: $slug) { ${ARTICLE_FIELDS} } }`, { slug: article.slug }));
    expect(data.article).toEqual(expected());
  });

  test('finds the same article by id', async () => {
    const data = dataOf(await h.gql<{ article: ArticleData }>(`query($id: ID!) { article(id: $id) { ${ARTICLE_FIELDS} } }`, { id: article.id }));
    expect(data.article).toEqual(expected());
  });

  test('finds it by an upper-case id and a slug with surrounding spaces and capitals', async () => {
    const byId = dataOf(await h.gql<{ article: { id: string } }>('query($id: ID!) { article(id: $id) { id } }', { id: article.id.toUpperCase() }));
    expect(byId.article).toEqual({ id: article.id });
    const bySlug = dataOf(await h.gql<{ article: { id: string } }>('query($slug: String!) { article(slug: $slug) { id } }', { slug: `  ${article.slug.toUpperCase()} ` }));
    expect(bySlug.article).toEqual({ id: article.id });
  });

  test('gives a null cover and a one-minute reading time to a short article without cover', async () => {
    const em = h.orm.em.fork();
    const bare = await createArticle(em, { title: `Tin ngắn ${uniqueToken()}`, body: '<p>Ba chữ thôi</p>', category, author });
    const data = dataOf(await h.gql<{ article: ArticleData }>(`query($slug: String!) { article(slug: $slug) { coverImage { id } readingTimeMinutes } }`, { slug: bare.slug }));
    expect(data.article).toEqual({ coverImage: null, readingTimeMinutes: 1 });
  });

  test('answers null for an unknown slug', async () => {
    const data = dataOf(await h.gql('{ article(slug: "no-such-article-anywhere") { id } }'));
    expect(data).toEqual({ article: null });
  });

  test('answers null for an unknown id', async () => {
    const data = dataOf(await h.gql('query($id: ID!) { article(id: $id) { id } }', { id: randomUUID() }));
    expect(data).toEqual({ article: null });
  });
});

describe('articles hidden from the public', () => {
  const token = uniqueToken();
  const word = `zq${token}`; // one searchable word shared by every article of this block
  const tag = `tag-${token}`;
  let category: Category;
  let author: User;
  let visible: Article;
  const hidden: Record<string, Article> = {};

  beforeAll(async () => {
    const em = h.orm.em.fork();
    category = await createCategory(em, { name: `Hidden ${token}` });
    author = await createUser(em);
    const recently = (seconds: number) => new Date(Date.now() - seconds * 1000);
    const base = { category, author, tags: [tag], body: `<p>${word} nội dung</p>` };
    visible = await createArticle(em, { ...base, title: `Visible ${word}`, publishedAt: recently(5) });
    // Every hidden row is newer than the visible one, so a leak would show up at the top of any list.
    const kinds: [string, Parameters<typeof createArticle>[1]][] = [
      ['a draft', { status: ArticleStatus.DRAFT, publishedAt: null }],
      ['a draft that was once published', { status: ArticleStatus.DRAFT, publishedAt: recently(4) }],
      ['an article in review', { status: ArticleStatus.IN_REVIEW, publishedAt: null }],
      ['a scheduled article', { status: ArticleStatus.SCHEDULED, publishedAt: new Date(Date.now() + 86_400_000) }],
      ['an archived article', { status: ArticleStatus.ARCHIVED, publishedAt: recently(3) }],
      ['a soft-deleted published article', { status: ArticleStatus.PUBLISHED, publishedAt: recently(2), deletedAt: recently(1) }],
      ['a published article whose publication time is in the future', { status: ArticleStatus.PUBLISHED, publishedAt: new Date(Date.now() + 86_400_000) }],
    ];
    for (const [kind, overrides] of kinds) {
      hidden[kind] = await createArticle(em, { ...base, ...overrides, title: `Hidden ${kind} ${word}` });
    }
  });

  const hiddenKinds = () => Object.keys(hidden);
  const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

  test('the block really has one visible and seven hidden articles', () => {
    expect(hiddenKinds()).toHaveLength(7);
    expect(visible.status).toBe(ArticleStatus.PUBLISHED);
  });

  test.each([
    'a draft',
    'a draft that was once published',
    'an article in review',
    'a scheduled article',
    'an archived article',
    'a soft-deleted published article',
    'a published article whose publication time is in the future',
  ])('article(slug:) and article(id:) answer null for %s', async (kind) => {
    const row = hidden[kind];
    const bySlug = dataOf(await h.gql('query($slug: String!) { article(slug: $slug) { id } }', { slug: row.slug }));
    expect(bySlug).toEqual({ article: null });
    const byId = dataOf(await h.gql('query($id: ID!) { article(id: $id) { id } }', { id: row.id }));
    expect(byId).toEqual({ article: null });
  });

  test('articles (unfiltered) lists the visible article but none of the hidden ones', async () => {
    const data = dataOf(await h.gql<{ articles: { nodes: { id: string }[] } }>('{ articles(first: 100) { nodes { id } } }'));
    const listed = ids(data.articles.nodes);
    expect(listed).toContain(visible.id);
    for (const row of Object.values(hidden)) expect(listed).not.toContain(row.id);
  });

  test('articles in ascending order (where null publication dates would sort last) hides them too', async () => {
    const data = dataOf(
      await h.gql<{ articles: { nodes: { id: string }[] } }>('query($tag: String!) { articles(first: 100, orderBy: PUBLISHED_AT_ASC, filter: { tag: $tag }) { nodes { id } } }', { tag }),
    );
    expect(ids(data.articles.nodes)).toEqual([visible.id]);
  });

  test('articles filtered by category, tag and author lists only the visible article', async () => {
    const query = `query($slug: String!, $tag: String!, $authorId: ID!) {
      byCategory: articles(filter: { categorySlug: $slug }) { nodes { id } totalCount }
      byTag: articles(filter: { tag: $tag }) { nodes { id } totalCount }
      byAuthor: articles(filter: { authorId: $authorId }) { nodes { id } totalCount }
    }`;
    const data = dataOf(await h.gql<Record<string, { nodes: { id: string }[]; totalCount: number }>>(query, { slug: category.slug, tag, authorId: author.id }));
    for (const list of Object.values(data)) {
      expect(ids(list.nodes)).toEqual([visible.id]);
      expect(list.totalCount).toBe(1);
    }
  });

  test('search finds only the visible article, in both orders', async () => {
    const query = `query($search: String!) {
      byDate: articles(filter: { search: $search }) { nodes { id } totalCount }
      byRelevance: articles(filter: { search: $search }, orderBy: RELEVANCE) { nodes { id } totalCount }
    }`;
    const data = dataOf(await h.gql<Record<string, { nodes: { id: string }[]; totalCount: number }>>(query, { search: word }));
    expect(data.byDate).toEqual({ nodes: [{ id: visible.id }], totalCount: 1 });
    expect(data.byRelevance).toEqual({ nodes: [{ id: visible.id }], totalCount: 1 });
  });

  test('category.articles and category.articleCount count only the visible article', async () => {
    const query = `query($slug: String!) { category(slug: $slug) { articleCount articles(first: 100) { nodes { id } totalCount } } }`;
    const data = dataOf(await h.gql<{ category: { articleCount: number; articles: { nodes: { id: string }[]; totalCount: number } } }>(query, { slug: category.slug }));
    expect(data.category).toEqual({ articleCount: 1, articles: { nodes: [{ id: visible.id }], totalCount: 1 } });
  });

  test('categories (the tree) counts only the visible article', async () => {
    const data = dataOf(await h.gql<{ categories: { slug: string; articleCount: number }[] }>('{ categories { slug articleCount } }'));
    expect(data.categories.find((c) => c.slug === category.slug)).toEqual({ slug: category.slug, articleCount: 1 });
  });

  test('an article becomes visible once its publication time has passed (the rule is evaluated at read time)', async () => {
    const future = hidden['a published article whose publication time is in the future'];
    const conn = h.orm.em.getConnection();
    await conn.execute('update article set published_at = now() - interval \'1 minute\' where id = ?', [future.id]);
    try {
      const data = dataOf(await h.gql<{ article: { id: string } | null }>('query($id: ID!) { article(id: $id) { id } }', { id: future.id }));
      expect(data.article).toEqual({ id: future.id });
    } finally {
      await conn.execute('update article set published_at = ? where id = ?', [future.publishedAt, future.id]);
    }
  });
});

describe('media(id:)', () => {
  test('returns the stored metadata and a URL under /media/', async () => {
    const media = await createMedia(h.orm.em.fork(), { mimeType: 'image/webp', width: 640, height: 480, alt: 'Toàn cảnh', caption: 'Chú thích ảnh', bytes: 2048 });
    // The public sees an image only while something public shows it (media-graphql.test.ts has the rule).
    await createArticle(h.orm.em.fork(), { coverImage: media });
    const data = dataOf(
      await h.gql<{ media: Record<string, unknown> }>('query($id: ID!) { media(id: $id) { id url width height alt caption mimeType bytes sha256 } }', { id: media.id }),
    );
    expect(data.media).toEqual({
      id: media.id,
      url: expect.stringMatching(new RegExp(`/media/${media.sha256}\\.webp$`)),
      width: 640,
      height: 480,
      alt: 'Toàn cảnh',
      caption: 'Chú thích ảnh',
      mimeType: 'image/webp',
      bytes: 2048,
      sha256: media.sha256,
    });
  });

  test('returns nulls for missing optional metadata', async () => {
    const media = await createMedia(h.orm.em.fork(), { width: null, height: null, alt: null, caption: null });
    await createArticle(h.orm.em.fork(), { coverImage: media });
    const data = dataOf(await h.gql<{ media: Record<string, unknown> }>('query($id: ID!) { media(id: $id) { width height alt caption } }', { id: media.id }));
    expect(data.media).toEqual({ width: null, height: null, alt: null, caption: null });
  });

  test('answers null for an unknown id', async () => {
    const data = dataOf(await h.gql('query($id: ID!) { media(id: $id) { id } }', { id: randomUUID() }));
    expect(data).toEqual({ media: null });
  });

  test('refuses a malformed id as BAD_USER_INPUT', async () => {
    const result = await h.gql('{ media(id: "../../etc/passwd") { id } }');
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});
