import { runArticleChange, type ArticleChange } from '../../src/modules/article/article-changes';
import { ArticleRevisionAction } from '../../src/modules/article/article-revision.entity';
import { startArticleScheduler } from '../../src/modules/article/article-scheduler';
import type { Category } from '../../src/modules/category/category.entity';
import { Role, type SignedIn } from '../helpers/accounts';
import { dataOf } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import type { Harness } from '../helpers/harness';
import { publishedDraft, startNewsroom } from '../helpers/newsroom';
import {
  articleState,
  createDraft,
  errorCodes,
  moveRequest,
  publishRequest,
  requestChangesRequest,
  revertRequest,
  revisionActions,
  revisionsRequest,
  updateArticleRequest,
} from '../helpers/article-api';

let h: Harness, author: SignedIn, editor: SignedIn, category: Category;
beforeAll(async () => ({ h, author, editor, category } = await startNewsroom()));
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const silent = { info: () => undefined, error: () => undefined } as never;

const PUBLIC_VIEW = `query($slug: String!, $category: String!) {
  article(slug: $slug) { id status }
  articles(filter: { categorySlug: $category }) { nodes { id } }
}`;

async function publicView(slug: string) {
  return dataOf(await h.gql<{ article: { id: string } | null; articles: { nodes: { id: string }[] } }>(PUBLIC_VIEW, { slug, category: category.slug }));
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('takes an article from draft through review to a scheduled publication that happens with nobody touching it', async () => {
  const draft = await createDraft(h, author.token, { title: `Ngày hội hiến máu ${uniqueToken()}`, categoryId: category.id });
  expect(draft).toMatchObject({ status: 'DRAFT', version: 1, publishedAt: null });

  const edited = dataOf(await updateArticleRequest(h, author.token, draft.id, { version: 1, excerpt: 'Hơn 300 người tham gia.' })).updateArticle;
  expect(edited).toMatchObject({ version: 2, excerpt: 'Hơn 300 người tham gia.' });
  expect(dataOf(await moveRequest(h, author.token, 'submitArticle', draft.id)).submitArticle).toMatchObject({ status: 'IN_REVIEW', version: 3 });

  // CASE: once submitted, the author can no longer edit it.
  expect(errorCodes(await updateArticleRequest(h, author.token, draft.id, { version: 3, title: 'Sửa lén' }))).toEqual(['FORBIDDEN']);

  const note = 'Cần thêm ảnh và trích dẫn nguồn.';
  expect(dataOf(await requestChangesRequest(h, editor.token, draft.id, note)).requestChanges).toMatchObject({ status: 'DRAFT', version: 4 });
  const seen = dataOf(await h.gql<{ article: { reviewNote: string; status: string } }>(`query($id: ID!) { article(id: $id) { reviewNote status } }`, { id: draft.id }, { token: author.token }));
  expect(seen.article).toEqual({ reviewNote: note, status: 'DRAFT' });

  dataOf(await updateArticleRequest(h, author.token, draft.id, { version: 4, body: '<p>Ảnh và nguồn đã bổ sung.</p>' }));
  dataOf(await moveRequest(h, author.token, 'submitArticle', draft.id));

  const at = new Date(Date.now() + 2_000);
  const scheduled = dataOf(await publishRequest(h, editor.token, draft.id, at)).publishArticle;
  expect(scheduled).toMatchObject({ status: 'SCHEDULED', version: 7 });
  expect(new Date(scheduled.publishedAt as string).getTime()).toBe(at.getTime());

  expect(await publicView(draft.slug)).toEqual({ article: null, articles: { nodes: [] } });

  const stop = startArticleScheduler({ orm: h.orm, listeners: h.app.articleChanges, intervalMs: 200, log: silent });
  try {
    const visible = await waitFor(async () => ((await publicView(draft.slug)).article ? new Date() : null), 10_000);
    expect(visible.getTime()).toBeGreaterThanOrEqual(at.getTime());
  } finally {
    await stop();
  }
  expect(await publicView(draft.slug)).toEqual({ article: { id: draft.id, status: 'PUBLISHED' }, articles: { nodes: [{ id: draft.id }] } });

  const { article } = dataOf(await revisionsRequest(h, author.token, draft.id));
  expect(article?.revisions.map((revision) => [revision.action, revision.version, revision.actor?.id ?? null])).toEqual([
    ['PUBLISH', 8, null],
    ['SCHEDULE', 7, editor.user.id],
    ['SUBMIT', 6, author.user.id],
    ['UPDATE', 5, author.user.id],
    ['REQUEST_CHANGES', 4, editor.user.id],
    ['SUBMIT', 3, author.user.id],
    ['UPDATE', 2, author.user.id],
    ['CREATE', 1, author.user.id],
  ]);
  expect(article?.revisions.find((revision) => revision.action === 'REQUEST_CHANGES')?.note).toBe(note);
});

test('publishes at once without a time (a past time backdates: article-backdating.test.ts)', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const before = Date.now();
  const published = dataOf(await publishRequest(h, editor.token, draft.id)).publishArticle;
  expect(published.status).toBe('PUBLISHED');
  expect(new Date(published.publishedAt as string).getTime()).toBeGreaterThanOrEqual(before - 1_000);
  expect((await publicView(draft.slug)).article).toEqual({ id: draft.id, status: 'PUBLISHED' });
});

test('refuses a stale version with CONFLICT and the current version, changing nothing', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  dataOf(await updateArticleRequest(h, author.token, draft.id, { version: 1, title: 'Lần một' }));
  const before = await articleState(knex(), draft.id);
  const stale = await updateArticleRequest(h, author.token, draft.id, { version: 1, title: 'Lần hai' });
  expect(errorCodes(stale)).toEqual(['CONFLICT']);
  expect(stale.errors?.[0].extensions?.currentVersion).toBe(2);
  expect(await articleState(knex(), draft.id)).toEqual(before);
});

test.each([1, 2, 3, 4, 5])('lets exactly one of two concurrent updates from the same version win (round %i)', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const results = await Promise.all([
    updateArticleRequest(h, author.token, draft.id, { version: 1, title: 'Tác giả sửa' }),
    updateArticleRequest(h, editor.token, draft.id, { version: 1, title: 'Biên tập viên sửa' }),
  ]);
  const winners = results.filter((result) => result.errors === undefined);
  const losers = results.filter((result) => result.errors !== undefined);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(1);
  expect(errorCodes(losers[0])).toEqual(['CONFLICT']);
  expect(losers[0].errors?.[0].extensions?.currentVersion).toBe(2);

  const state = await articleState(knex(), draft.id);
  expect(state).toMatchObject({ version: 2, title: winners[0].data?.updateArticle.title, revisions: 2 });
  expect(await revisionActions(knex(), draft.id)).toEqual(['UPDATE', 'CREATE']);
});

test('decides by the conditional UPDATE when both writers read the same version before either saves', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  let release: () => void = () => undefined;
  const bothLoaded = new Promise<void>((resolve) => (release = resolve));
  let loaded = 0;
  const change = (title: string): ArticleChange => ({
    version: 1,
    authorize: () => undefined,
    async apply(article) {
      loaded += 1;
      if (loaded === 2) release();
      await bothLoaded; // both transactions have read version 1 and passed the version check
      article.title = title;
      return { action: ArticleRevisionAction.UPDATE, changedFields: ['title'] };
    },
  });
  const viewer = { kind: 'user', id: editor.user.id, role: Role.EDITOR } as const;
  const results = await Promise.allSettled([
    runArticleChange(h.orm.em.fork(), viewer, draft.id, change('Người thứ nhất'), h.app.articleChanges),
    runArticleChange(h.orm.em.fork(), viewer, draft.id, change('Người thứ hai'), h.app.articleChanges),
  ]);
  expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason.extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
  expect(await articleState(knex(), draft.id)).toMatchObject({ version: 2, revisions: 2 });
  expect(await revisionActions(knex(), draft.id)).toEqual(['UPDATE', 'CREATE']);
});

test('reverts to an earlier revision as a new change, checking the version', async () => {
  const draft = await createDraft(h, author.token, { title: 'Tiêu đề gốc', categoryId: category.id, tags: ['gốc'] });
  dataOf(await updateArticleRequest(h, editor.token, draft.id, { version: 1, title: 'Tiêu đề mới', tags: ['mới'], body: '<p>Mới</p>' }));
  const { article } = dataOf(await revisionsRequest(h, editor.token, draft.id));
  const created = article?.revisions.find((revision) => revision.action === 'CREATE');

  expect(errorCodes(await revertRequest(h, author.token, draft.id, created!.id, 1))).toEqual(['CONFLICT']);
  const reverted = dataOf(await revertRequest(h, author.token, draft.id, created!.id, 2)).revertArticle;
  expect(reverted).toMatchObject({ title: 'Tiêu đề gốc', tags: ['gốc'], body: '', version: 3, slug: draft.slug, status: 'DRAFT' });
  const after = dataOf(await revisionsRequest(h, author.token, draft.id)).article?.revisions[0];
  expect(after).toMatchObject({ action: 'REVERT', version: 3, note: 'Reverted to version 1' });
  expect([...(after?.changedFields ?? [])].sort()).toEqual(['body', 'tags', 'title']);

  // A revision of another article is not one of this article's.
  const other = await createDraft(h, author.token, { categoryId: category.id });
  expect(errorCodes(await revertRequest(h, author.token, other.id, created!.id, 1))).toEqual(['NOT_FOUND']);
});

test('moves through unpublish, archive, delete and restore, one revision each', async () => {
  const draft = await publishedDraft({ h, author, editor, category });
  expect(dataOf(await moveRequest(h, editor.token, 'unpublishArticle', draft.id)).unpublishArticle).toMatchObject({ status: 'DRAFT', publishedAt: null });
  expect(dataOf(await moveRequest(h, editor.token, 'archiveArticle', draft.id)).archiveArticle).toMatchObject({ status: 'ARCHIVED' });
  // CASE: an archived article cannot be archived again, nor unpublished.
  expect(errorCodes(await moveRequest(h, editor.token, 'unpublishArticle', draft.id))).toEqual(['CONFLICT']);
  dataOf(await moveRequest(h, editor.token, 'deleteArticle', draft.id));
  expect(errorCodes(await moveRequest(h, editor.token, 'archiveArticle', draft.id))).toEqual(['CONFLICT']);
  expect(errorCodes(await moveRequest(h, author.token, 'submitArticle', draft.id))).toEqual(['NOT_FOUND']);
  dataOf(await moveRequest(h, editor.token, 'restoreArticle', draft.id));
  expect(errorCodes(await moveRequest(h, editor.token, 'restoreArticle', draft.id))).toEqual(['CONFLICT']);
  expect(await revisionActions(knex(), draft.id)).toEqual(['RESTORE', 'DELETE', 'ARCHIVE', 'UNPUBLISH', 'PUBLISH', 'CREATE']);
});
