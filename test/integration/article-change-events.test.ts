import { knexOf } from '../../src/db/transaction';
import type { ArticleChangeEvent } from '../../src/modules/article';
import { publishDueArticles } from '../../src/modules/article/article-scheduler';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { articleState, createDraft, errorCodes, moveRequest, publishRequest, updateArticleRequest } from '../helpers/article-api';
import { dataOf } from '../helpers/expect-graphql';
import type { Category } from '../../src/modules/category';
import { ArticleStatus, createArticle, createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/**
 * The article module tells its registered listeners of every change to what the public sees,
 * inside the write's transaction: these tests record what a listener hears from real mutations.
 */

let h: Harness;
let editor: SignedIn;
let author: SignedIn;
let category: Category;
let categoryId: string;
let otherCategoryId: string;
/** What the listener heard, with the article's status as the listener's own transaction saw it. */
let heard: (ArticleChangeEvent & { statusInTx: string })[] = [];
let failNext = false;

beforeAll(async () => {
  h = await startHarness();
  [editor, author] = await Promise.all([signIn(h, { role: Role.EDITOR }), signIn(h, { role: Role.AUTHOR })]);
  const em = h.orm.em.fork();
  const categories = await Promise.all([createCategory(em), createCategory(em)]);
  [category] = categories;
  [categoryId, otherCategoryId] = categories.map((one) => one.id);
  h.app.articleChanges.register(async (tx, event) => {
    const row = await knexOf(tx)('article').first('status').where('id', event.articleId);
    heard.push({ ...event, statusInTx: row.status });
    if (failNext) {
      failNext = false;
      throw new Error('listener failed');
    }
  });
});
afterAll(() => h?.close());
beforeEach(() => {
  heard = [];
});

const tagsOf = (id: string, ...categories: string[]) => [`article:${id}`, ...categories.map((c) => `category:${c}`), 'list:articles'];

async function publishedArticle(): Promise<{ id: string; version: number }> {
  const draft = await createDraft(h, editor.token, { categoryId });
  const published = dataOf(await publishRequest(h, editor.token, draft.id)).publishArticle;
  heard = [];
  return published;
}

test('creating and editing a draft tells nobody: the public saw nothing', async () => {
  const draft = await createDraft(h, author.token, { categoryId });
  dataOf(await updateArticleRequest(h, author.token, draft.id, { version: draft.version, title: 'Bản nháp đã sửa' }));
  dataOf(await moveRequest(h, author.token, 'submitArticle', draft.id));
  expect(heard).toEqual([]);
});

test('publishing tells PUBLISHED with the article, its category and the lists, seen inside the transaction', async () => {
  const draft = await createDraft(h, editor.token, { categoryId });
  const before = Date.now();
  dataOf(await publishRequest(h, editor.token, draft.id));
  expect(heard).toEqual([{ articleId: draft.id, kind: 'PUBLISHED', at: expect.any(Date), tags: tagsOf(draft.id, categoryId), statusInTx: 'PUBLISHED' }]);
  expect(heard[0].at.getTime()).toBeGreaterThanOrEqual(before - 1000);
});

test('an edit of a public article is UPDATED, tagged with the old and the new category', async () => {
  const article = await publishedArticle();
  dataOf(await updateArticleRequest(h, editor.token, article.id, { version: article.version, title: 'Tiêu đề mới', categoryId: otherCategoryId }));
  expect(heard.map(({ kind, tags }) => ({ kind, tags }))).toEqual([{ kind: 'UPDATED', tags: tagsOf(article.id, categoryId, otherCategoryId) }]);
});

test('archiving and deleting are UNPUBLISHED; restoring a published article is PUBLISHED again', async () => {
  const archived = await publishedArticle();
  dataOf(await moveRequest(h, editor.token, 'archiveArticle', archived.id));
  expect(heard.map(({ articleId, kind, statusInTx }) => [articleId, kind, statusInTx])).toEqual([[archived.id, 'UNPUBLISHED', 'ARCHIVED']]);

  const deleted = await publishedArticle();
  dataOf(await moveRequest(h, editor.token, 'deleteArticle', deleted.id));
  dataOf(await moveRequest(h, editor.token, 'restoreArticle', deleted.id));
  expect(heard.map(({ articleId, kind }) => [articleId, kind])).toEqual([
    [deleted.id, 'UNPUBLISHED'],
    [deleted.id, 'PUBLISHED'],
  ]);
});

test('unpublishing tells UNPUBLISHED with the tags the article had', async () => {
  const article = await publishedArticle();
  dataOf(await moveRequest(h, editor.token, 'unpublishArticle', article.id));
  expect(heard).toEqual([{ articleId: article.id, kind: 'UNPUBLISHED', at: expect.any(Date), tags: tagsOf(article.id, categoryId), statusInTx: 'DRAFT' }]);
});

test('scheduling tells nothing; the scheduler publishing it at its time tells PUBLISHED', async () => {
  const draft = await createDraft(h, editor.token, { categoryId });
  dataOf(await publishRequest(h, editor.token, draft.id, new Date(Date.now() + 3_600_000)));
  expect(heard).toEqual([]);
  const due = await createArticle(h.orm.em.fork(), { category, status: ArticleStatus.SCHEDULED, publishedAt: new Date(Date.now() - 1000) });
  const published = await publishDueArticles(h.orm.em, h.app.articleChanges);
  expect(published).toContain(due.id);
  expect(heard.filter((event) => event.articleId === due.id).map(({ kind, statusInTx }) => [kind, statusInTx])).toEqual([['PUBLISHED', 'PUBLISHED']]);
  expect(heard.some((event) => event.articleId === draft.id)).toBe(false);
});

test('a failing listener rolls the write back with it: the same transaction', async () => {
  const draft = await createDraft(h, editor.token, { categoryId });
  const before = await articleState(h.orm.em.getKnex(), draft.id);
  failNext = true;
  const result = await publishRequest(h, editor.token, draft.id);
  expect(errorCodes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(await articleState(h.orm.em.getKnex(), draft.id)).toEqual(before);
  expect(before).toMatchObject({ status: 'DRAFT' });
});
