import { publishDueArticles, startArticleScheduler } from '../../src/modules/article/article-scheduler';
import { createArticles, createCategory, ArticleStatus } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

async function scheduled(count: number, publishedAt: (i: number) => Date): Promise<string[]> {
  const em = h.orm.em.fork();
  const category = await createCategory(em);
  const articles = await createArticles(em, count, (i) => ({ category, status: ArticleStatus.SCHEDULED, publishedAt: publishedAt(i) }));
  return articles.map((article) => article.id);
}

async function publishRevisions(ids: string[]): Promise<Map<string, number>> {
  const rows: { article_id: string; count: string }[] = await knex()('article_revision')
    .select('article_id')
    .count({ count: '*' })
    .whereIn('article_id', ids)
    .where('action', 'PUBLISH')
    .whereNull('actor_id')
    .groupBy('article_id');
  return new Map(rows.map((row) => [row.article_id, Number(row.count)]));
}

test('publishes every due article exactly once when several runs race (FOR UPDATE SKIP LOCKED)', async () => {
  const due = await scheduled(30, (i) => new Date(Date.now() - 60_000 + i));
  const runs = await Promise.all(Array.from({ length: 4 }, () => publishDueArticles(h.orm.em, h.app.articleChanges, 10)));
  const rest = await publishDueArticles(h.orm.em, h.app.articleChanges);
  const published = [...runs.flat(), ...rest].filter((id) => due.includes(id));

  expect(published).toHaveLength(due.length);
  expect(new Set(published).size).toBe(due.length);
  const rows = await knex()('article').select('status', 'version').whereIn('id', due);
  expect(rows.every((row) => row.status === 'PUBLISHED' && row.version === 2)).toBe(true);
  const revisions = await publishRevisions(due);
  expect(due.map((id) => revisions.get(id))).toEqual(due.map(() => 1));
  expect(await publishDueArticles(h.orm.em, h.app.articleChanges)).toEqual([]);
});

test('leaves articles whose time has not come, and deleted ones, alone', async () => {
  const [future] = await scheduled(1, () => new Date(Date.now() + 3_600_000));
  const [trashed] = await scheduled(1, () => new Date(Date.now() - 60_000));
  await knex()('article').update({ deleted_at: new Date() }).where('id', trashed);
  const published = await publishDueArticles(h.orm.em, h.app.articleChanges);
  expect(published).not.toContain(future);
  expect(published).not.toContain(trashed);
  expect(await knex()('article').whereIn('id', [future, trashed]).pluck('status')).toEqual(['SCHEDULED', 'SCHEDULED']);
});

test('runs by itself on its interval, and stop() waits for the run in progress', async () => {
  const errors: unknown[] = [];
  const log = { info: () => undefined, error: (...args: unknown[]) => errors.push(args) } as never;
  const stop = startArticleScheduler({ orm: h.orm, listeners: h.app.articleChanges, intervalMs: 100, log });
  const [soon] = await scheduled(1, () => new Date(Date.now() + 300));
  const deadline = Date.now() + 5_000;
  while ((await knex()('article').first('status').where('id', soon)).status !== 'PUBLISHED' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  expect((await knex()('article').first('status').where('id', soon)).status).toBe('PUBLISHED');
  expect(errors).toEqual([]);

  // Stopped: a newly due article stays scheduled.
  const [later] = await scheduled(1, () => new Date(Date.now() - 1_000));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await knex()('article').first('status').where('id', later)).status).toBe('SCHEDULED');
});
