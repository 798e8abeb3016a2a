import { attackClass } from '../helpers/attack';
import { createDraft, publishRequest, type ArticleData } from '../helpers/article-api';
import { dataOf } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import { publishedDraft, startNewsroom, type Newsroom } from '../helpers/newsroom';

const CLASS = attackClass('hidden rows');

interface Listed {
  articles: { totalCount: number; nodes: { id: string }[]; pageInfo: { endCursor: string | null } };
}

/**
 * The file's articles share one word (title, tag): a published one (the positive control, so an
 * empty answer cannot pass), a draft, an article in review and a scheduled one. Every probe must
 * find the first and none of the others.
 */
describe(`${CLASS} drafts, reviews and scheduled articles stay invisible to the public`, () => {
  let n: Newsroom;
  let word: string;
  let visible: ArticleData;
  let hidden: ArticleData[];
  beforeAll(async () => {
    n = await startNewsroom();
    word = uniqueToken();
    const content = (label: string) => ({ title: `${label} ${word}`, excerpt: `Tin ${word}`, body: `<p>Nội dung ${word}</p>`, tags: [word] });
    visible = await publishedDraft(n, content('Đã đăng'));
    const draft = await createDraft(n.h, n.author.token, { categoryId: n.category.id, ...content('Bản nháp') });
    const inReview = await createDraft(n.h, n.author.token, { categoryId: n.category.id, ...content('Chờ duyệt') });
    dataOf(await n.h.gql('mutation($id: ID!) { submitArticle(id: $id) { id } }', { id: inReview.id }, { token: n.author.token }));
    const scheduled = await createDraft(n.h, n.author.token, { categoryId: n.category.id, ...content('Hẹn giờ') });
    dataOf(await publishRequest(n.h, n.editor.token, scheduled.id, new Date(Date.now() + 86_400_000)));
    hidden = [draft, inReview, scheduled];
  });
  afterAll(() => n?.h.close());

  const ids = (result: Listed) => result.articles.nodes.map((node) => node.id);
  const list = async (args: string, token?: string) => dataOf(await n.h.gql<Listed>(`{ articles(${args}) { totalCount nodes { id } pageInfo { endCursor } } }`, undefined, { token }));

  test.each([
    ['search', () => `filter: { search: "${word}" }`],
    ['search ordered by relevance', () => `filter: { search: "${word}" }, orderBy: RELEVANCE`],
    ['tag', () => `filter: { tag: "${word}" }`],
    ['category', () => `filter: { categorySlug: "${n.category.slug}" }`],
    ['author', () => `filter: { authorId: "${n.author.user.id}" }`],
    ['a date range into the future', () => `filter: { categorySlug: "${n.category.slug}", publishedAfter: "2000-01-01T00:00:00Z", publishedBefore: "2100-01-01T00:00:00Z" }`],
    ['oldest first', () => `filter: { categorySlug: "${n.category.slug}" }, orderBy: PUBLISHED_AT_ASC`],
    ['most viewed first', () => `filter: { categorySlug: "${n.category.slug}" }, orderBy: VIEWS_DESC`],
    ['the last page', () => `filter: { categorySlug: "${n.category.slug}" }, last: 10`],
  ])(`${CLASS} a list filtered by %s holds the published article only, and counts 1`, async (_name, args) => {
    const result = await list(args());
    expect(ids(result)).toEqual([visible.id]);
    expect(result.articles.totalCount).toBe(1);
  });

  test(`${CLASS} asking for drafts by status is FORBIDDEN to the public; the author sees their own (positive control)`, async () => {
    const refused = await n.h.gql('{ articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }) { nodes { id } } }');
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const own = await list(`filter: { tag: "${word}", status: [DRAFT, IN_REVIEW, SCHEDULED] }`, n.author.token);
    expect(ids(own).sort()).toEqual(hidden.map((article) => article.id).sort());
  });

  test(`${CLASS} a staff member's cursor, replayed anonymously, pages the public list only`, async () => {
    const staff = await list(`filter: { tag: "${word}", status: [DRAFT, IN_REVIEW, SCHEDULED, PUBLISHED] }, first: 1`, n.editor.token);
    const cursor = staff.articles.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const replayed = await n.h.gql<Listed>(`{ articles(filter: { tag: "${word}" }, first: 10, after: "${cursor}") { totalCount nodes { id } pageInfo { endCursor } } }`);
    const seen = replayed.data ? ids(replayed.data) : [];
    for (const article of hidden) expect(seen).not.toContain(article.id);
    expect(replayed.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
  });

  test(`${CLASS} by id or slug a hidden article is null, like an id that never existed; the published one is found`, async () => {
    const lookup = (args: string) => n.h.gql<{ article: { id: string } | null }>(`{ article(${args}) { id } }`);
    expect(dataOf(await lookup(`id: "${visible.id}"`)).article).toEqual({ id: visible.id });
    for (const article of hidden) {
      expect(await lookup(`id: "${article.id}"`)).toMatchObject({ data: { article: null } });
      expect(await lookup(`slug: "${article.slug}"`)).toMatchObject({ data: { article: null } });
    }
    expect((await lookup('id: "00000000-0000-4000-8000-00000000dead"')).data).toEqual({ article: null });
  });

  test(`${CLASS} through relations and counters: the category and the rankings hold the published article only`, async () => {
    const category = dataOf(
      await n.h.gql<{ category: { articleCount: number; articles: { totalCount: number; nodes: { id: string }[] } } }>(
        `{ category(slug: "${n.category.slug}") { articleCount articles(first: 50) { totalCount nodes { id } } } }`,
      ),
    ).category;
    expect(category.articleCount).toBe(1);
    expect(category.articles).toEqual({ totalCount: 1, nodes: [{ id: visible.id }] });
    const ranked = dataOf(await n.h.gql<{ mostViewedArticles: { id: string }[] }>(`{ mostViewedArticles(period: ALL_TIME, first: 50, categorySlug: "${n.category.slug}") { id } }`));
    for (const article of hidden) expect(ranked.mostViewedArticles.map((row) => row.id)).not.toContain(article.id);
  });

  test(`${CLASS} a view of a hidden article is not counted and answers like an unknown id`, async () => {
    const view = (id: string) => n.h.gql<{ recordArticleView: boolean }>('mutation($id: ID!) { recordArticleView(articleId: $id) }', { id }, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } });
    for (const article of hidden) expect(dataOf(await view(article.id))).toEqual({ recordArticleView: false });
    expect(dataOf(await view('00000000-0000-4000-8000-00000000dead'))).toEqual({ recordArticleView: false });
    expect(dataOf(await view(visible.id))).toEqual({ recordArticleView: true });
  });
});
