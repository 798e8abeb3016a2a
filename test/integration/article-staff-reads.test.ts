import type { Category } from '../../src/modules/category/category.entity';
import { User } from '../../src/modules/identity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { ArticleStatus, createArticles, createCategory } from '../helpers/factories';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';
import { errorCodes } from '../helpers/article-api';

let h: Harness;
let author: SignedIn;
let otherAuthor: SignedIn;
let editor: SignedIn;
let category: Category;
const ids: Record<string, string> = {};

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

beforeAll(async () => {
  h = await startHarness();
  [author, otherAuthor, editor] = await Promise.all([
    signIn(h, { role: Role.AUTHOR }),
    signIn(h, { role: Role.AUTHOR }),
    signIn(h, { role: Role.EDITOR }),
  ]);
  const em = h.orm.em.fork();
  category = await createCategory(em);
  const mine = em.getReference(User, author.user.id);
  const theirs = em.getReference(User, otherAuthor.user.id);
  const specs = [
    ['myDraft', mine, ArticleStatus.DRAFT, null],
    ['myReview', mine, ArticleStatus.IN_REVIEW, null],
    ['myPublished', mine, ArticleStatus.PUBLISHED, hoursAgo(5)],
    ['theirDraft', theirs, ArticleStatus.DRAFT, null],
    ['theirScheduled', theirs, ArticleStatus.SCHEDULED, new Date(Date.now() + 86_400_000)],
    ['theirPublished', theirs, ArticleStatus.PUBLISHED, hoursAgo(2)],
    ['theirArchived', theirs, ArticleStatus.ARCHIVED, hoursAgo(9)],
  ] as const;
  const articles = await createArticles(em, specs.length, (i) => ({ category, author: specs[i][1], status: specs[i][2], publishedAt: specs[i][3] }));
  specs.forEach(([name], i) => (ids[name] = articles[i].id));
  await h.orm.em.getKnex()('article').update({ review_note: 'Ghi chú nội bộ' }).where('id', ids.theirPublished);
});
afterAll(() => h?.close());

const LIST = `query($filter: ArticleFilter, $first: Int, $after: String, $last: Int, $before: String) {
  articles(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    nodes { id } pageInfo { endCursor startCursor hasNextPage hasPreviousPage }
  }
}`;
type ListData = { articles: { nodes: { id: string }[]; pageInfo: { endCursor: string; startCursor: string; hasNextPage: boolean; hasPreviousPage: boolean } } };

function list(token: string | undefined, filter: Record<string, unknown>, page: Record<string, unknown> = {}): Promise<GraphQLResult<ListData>> {
  return h.gql<ListData>(LIST, { filter: { categorySlug: category.slug, ...filter }, ...page }, { token });
}
const names = (result: GraphQLResult<ListData>) => {
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return dataOf(result).articles.nodes.map((node) => byId[node.id]);
};

test('refuses anonymous readers a status filter beyond PUBLISHED', async () => {
  for (const status of [['DRAFT'], ['PUBLISHED', 'IN_REVIEW'], ['ARCHIVED']]) {
    const result = await list(undefined, { status });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.data ?? null).toBeNull();
  }
  expect(names(await list(undefined, { status: ['PUBLISHED'] }))).toEqual(['theirPublished', 'myPublished']);
});

test('lists published articles only without a status filter, for everyone', async () => {
  for (const token of [undefined, author.token, editor.token]) {
    expect(names(await list(token, {}))).toEqual(['theirPublished', 'myPublished']);
    const page = dataOf(await h.gql<{ category: { articles: { nodes: { id: string }[] } } }>(
      `query($slug: String!) { category(slug: $slug) { articles { nodes { id } } } }`, { slug: category.slug }, { token },
    ));
    expect(page.category.articles.nodes.map((node) => node.id)).toEqual([ids.theirPublished, ids.myPublished]);
  }
});

test('shows authors their own articles in the asked statuses (and published ones), editors all', async () => {
  const every = ['DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED'];
  expect(new Set(names(await list(author.token, { status: every })))).toEqual(new Set(['myDraft', 'myReview', 'myPublished', 'theirPublished']));
  expect(new Set(names(await list(author.token, { status: ['DRAFT', 'SCHEDULED'] })))).toEqual(new Set(['myDraft']));
  expect(new Set(names(await list(editor.token, { status: ['DRAFT', 'SCHEDULED'] })))).toEqual(new Set(['myDraft', 'theirDraft', 'theirScheduled']));
  expect(new Set(names(await list(editor.token, { status: every })))).toEqual(new Set(Object.keys(ids)));
});

test('pages through a staff list in coalesce(publishedAt, createdAt) order, both ways', async () => {
  const status = ['DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED'];
  const rows: { id: string; sort: string }[] = await h.orm.em
    .getKnex()('article')
    .select('id', h.orm.em.getKnex().raw('coalesce(published_at, created_at) as sort'))
    .where('category_id', category.id);
  const expected = rows.sort((a, b) => (a.sort === b.sort ? (a.id < b.id ? 1 : -1) : a.sort < b.sort ? 1 : -1)).map((row) => row.id);

  const forward: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = dataOf(await list(editor.token, { status }, { first: 2, after })).articles;
    forward.push(...page.nodes.map((node) => node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(forward).toEqual(expected);

  const backward: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = dataOf(await list(editor.token, { status }, { last: 3, before })).articles;
    backward.unshift(...page.nodes.map((node) => node.id));
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor;
  }
  expect(backward).toEqual(expected);
});

test('does not take a public list cursor in a staff list', async () => {
  const { endCursor } = dataOf(await list(editor.token, {}, { first: 1 })).articles.pageInfo;
  expectBadInput(await list(editor.token, { status: ['DRAFT'] }, { first: 1, after: endCursor }), 'after');
});

test('finds a soft-deleted article by id for editors only', async () => {
  await h.orm.em.getKnex()('article').update({ deleted_at: new Date() }).where('id', ids.myReview);
  try {
    const read = (token?: string) =>
      h.gql<{ article: { id: string; deletedAt: string | null } | null }>(`query($id: ID!) { article(id: $id) { id deletedAt } }`, { id: ids.myReview }, { token });
    expect(dataOf(await read(editor.token)).article).toMatchObject({ id: ids.myReview, deletedAt: expect.any(String) });
    expect(dataOf(await read(author.token)).article).toBeNull();
    expect(dataOf(await h.gql(`query($id: ID!) { article(id: $id) { id } }`, { id: ids.myReview })).article).toBeNull();
    expect(names(await list(editor.token, { status: ['IN_REVIEW'] }))).toEqual([]);
  } finally {
    await h.orm.em.getKnex()('article').update({ deleted_at: null }).where('id', ids.myReview);
  }
});

test('shows the review note and the history to editors and the author only', async () => {
  const read = (token?: string) =>
    h.gql<{ article: { reviewNote: string | null; revisions?: unknown[] } }>(`query($id: ID!) { article(id: $id) { reviewNote revisions { id } } }`, { id: ids.theirPublished }, { token });
  expect(dataOf(await read(otherAuthor.token)).article).toEqual({ reviewNote: 'Ghi chú nội bộ', revisions: [] });
  expect(dataOf(await read(editor.token)).article.reviewNote).toBe('Ghi chú nội bộ');
  const stranger = await read(author.token);
  expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
  const noteOnly = await h.gql<{ article: { reviewNote: string | null } }>(`query($id: ID!) { article(id: $id) { reviewNote } }`, { id: ids.theirPublished }, { token: author.token });
  expect(dataOf(noteOnly).article.reviewNote).toBeNull();
  expect(errorCodes(await read(undefined))).toEqual(expect.arrayContaining(['UNAUTHENTICATED']));
});
