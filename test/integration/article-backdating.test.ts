import type { Category } from '../../src/modules/category/category.entity';
import type { SignedIn } from '../helpers/accounts';
import { articleState, createDraft, publishRequest } from '../helpers/article-api';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import type { Harness } from '../helpers/harness';
import { startNewsroom } from '../helpers/newsroom';

let h: Harness, author: SignedIn, editor: SignedIn, category: Category;
beforeAll(async () => ({ h, author, editor, category } = await startNewsroom()));
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

async function publicList(orderBy: string): Promise<{ id: string; publishedAt: string }[]> {
  const query = `query($slug: String!, $orderBy: ArticleOrder) { articles(filter: { categorySlug: $slug }, orderBy: $orderBy) { nodes { id publishedAt } } }`;
  return dataOf(await h.gql<{ articles: { nodes: { id: string; publishedAt: string }[] } }>(query, { slug: category.slug, orderBy })).articles.nodes;
}

async function lastRevision(id: string) {
  return knex()('article_revision').where('article_id', id).orderBy('version', 'desc').first('action', 'actor_id', 'changed_fields', 'note', 'snapshot');
}

test('a past `at` publishes now, dated `at`: the article is live at once and listed by its backdated date', async () => {
  const current = await createDraft(h, author.token, { categoryId: category.id, title: 'Tin hôm nay' });
  const old = await createDraft(h, author.token, { categoryId: category.id, title: 'Tin năm 2019' });
  const recent = await createDraft(h, author.token, { categoryId: category.id, title: 'Tin tuần trước' });
  dataOf(await publishRequest(h, editor.token, current.id));
  const oldDate = new Date('2019-03-08T02:30:00.000Z');
  const lastWeek = new Date(Date.now() - 7 * 86_400_000);

  const backdated = dataOf(await publishRequest(h, editor.token, old.id, oldDate)).publishArticle;
  expect(backdated).toMatchObject({ status: 'PUBLISHED', publishedAt: '2019-03-08T02:30:00.000Z', version: 2 });
  dataOf(await publishRequest(h, editor.token, recent.id, lastWeek));

  expect(await publicList('PUBLISHED_AT_DESC')).toEqual([
    { id: current.id, publishedAt: expect.any(String) },
    { id: recent.id, publishedAt: lastWeek.toISOString() },
    { id: old.id, publishedAt: '2019-03-08T02:30:00.000Z' },
  ]);
  expect((await publicList('PUBLISHED_AT_ASC')).map((node) => node.id)).toEqual([old.id, recent.id, current.id]);
  const { data } = await h.gql<{ article: { id: string } | null }>('query($slug: String!) { article(slug: $slug) { id } }', { slug: old.slug });
  expect(data?.article).toEqual({ id: old.id });

  expect(await lastRevision(old.id)).toEqual({
    action: 'PUBLISH',
    actor_id: editor.user.id,
    changed_fields: ['status', 'publishedAt'],
    note: 'Backdated to 2019-03-08T02:30:00.000Z',
    snapshot: expect.objectContaining({ status: 'PUBLISHED', publishedAt: '2019-03-08T02:30:00.000Z' }),
  });
});

test('a future `at` still schedules, and publishing without `at` notes nothing', async () => {
  const later = await createDraft(h, author.token, { categoryId: category.id });
  const at = new Date(Date.now() + 3_600_000);
  expect(dataOf(await publishRequest(h, editor.token, later.id, at)).publishArticle).toMatchObject({ status: 'SCHEDULED', publishedAt: at.toISOString() });
  expect(await lastRevision(later.id)).toMatchObject({ action: 'SCHEDULE', note: null });
  expect((await publicList('PUBLISHED_AT_DESC')).map((node) => node.id)).not.toContain(later.id);

  const now = await createDraft(h, author.token, { categoryId: category.id });
  dataOf(await publishRequest(h, editor.token, now.id));
  expect(await lastRevision(now.id)).toMatchObject({ action: 'PUBLISH', note: null });
});

test('refuses a date before 1900-01-01 with BAD_USER_INPUT on "at", changing nothing', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const before = await articleState(knex(), draft.id);
  const refused = await publishRequest(h, editor.token, draft.id, new Date('1899-12-31T23:59:59.999Z'));
  expectBadInput(refused, 'at');
  expect(refused.errors?.[0].message).toBe('"at" must not be before 1900-01-01T00:00:00.000Z');
  expect(await articleState(knex(), draft.id)).toEqual(before);
  expect(dataOf(await publishRequest(h, editor.token, draft.id, new Date('1900-01-01T00:00:00.000Z'))).publishArticle.publishedAt).toBe('1900-01-01T00:00:00.000Z');
});

test('an author cannot backdate (editors only): FORBIDDEN, nothing changes', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const before = await articleState(knex(), draft.id);
  const refused = await publishRequest(h, author.token, draft.id, new Date('2020-01-01T00:00:00.000Z'));
  expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await articleState(knex(), draft.id)).toEqual(before);
});
