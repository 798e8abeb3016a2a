import type { App } from '../../src/app';
import { knexOf } from '../../src/db/transaction';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { createDraft, moveRequest, publishRequest, updateArticleRequest } from '../helpers/article-api';
import { dataOf } from '../helpers/expect-graphql';
import { createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { recordingLogger } from '../helpers/recording-logger';
import { createWebhook, eventually, signatureIsValid, startReceiver, startSendingInstance, type Receiver } from '../helpers/webhooks';

/**
 * Webhooks end to end: real mutations write deliveries into the outbox in their transaction, two
 * more Bulletin instances on the same database run the worker, and a receiver on loopback checks
 * what arrives. The harness itself runs no worker: only the two instances send.
 */

const WORKER_ENV = {
  WEBHOOK_WORKER: 'true',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '5000',
};

let h: Harness;
let admin: SignedIn;
let editor: SignedIn;
let categoryId: string;
let otherCategoryId: string;

beforeAll(async () => {
  h = await startHarness({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
  [admin, editor] = await Promise.all([signIn(h, { role: Role.ADMIN }), signIn(h, { role: Role.EDITOR })]);
  const em = h.orm.em.fork();
  [categoryId, otherCategoryId] = (await Promise.all([createCategory(em), createCategory(em)])).map((category) => category.id);
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const deliveriesOf = (webhookId: string) =>
  knex()('webhook_delivery').select('id', 'event', 'status', 'attempts', 'response_status', 'last_error', 'body').where('webhook_id', webhookId).orderBy('created_at');

/** One series' value in an app's /metrics text (NaN when absent). */
async function metricOf(app: App, series: string): Promise<number> {
  const line = (await app.metrics.render()).body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

/** Pending deliveries as the gauge reports them (due now plus waiting for a retry), and as the table holds them. */
const pendingDepth = async () => (await metricOf(h.app, 'bulletin_webhook_queue_depth{state="due"}')) + (await metricOf(h.app, 'bulletin_webhook_queue_depth{state="waiting"}'));
const pendingRows = async () => Number((await knex()('webhook_delivery').count({ n: '*' }).where('status', 'PENDING'))[0].n);

async function publishedArticle(category = categoryId): Promise<{ id: string; version: number }> {
  const draft = await createDraft(h, editor.token, { categoryId: category });
  return dataOf(await publishRequest(h, editor.token, draft.id)).publishArticle;
}

describe('with two instances sending', () => {
  let receiver: Receiver;
  let instances: Awaited<ReturnType<typeof startSendingInstance>>[] = [];
  beforeAll(async () => {
    receiver = await startReceiver();
    instances = await Promise.all([startSendingInstance(h, WORKER_ENV), startSendingInstance(h, WORKER_ENV)]);
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await receiver?.close();
  });

  test('a publish arrives signed as article.published and cache.purge with its tags, the first answer’s 500 retried, each delivered once', async () => {
    const webhook = await createWebhook(h, admin.token, `${receiver.url}/retried`, ['ARTICLE_PUBLISHED', 'CACHE_PURGE']);
    receiver.answer = (index) => (index === 0 ? 500 : 204);
    const article = await publishedArticle();

    await eventually(async () => (await deliveriesOf(webhook.id)).every((row) => row.status === 'DELIVERED') && receiver.received.length === 3);
    const rows = await deliveriesOf(webhook.id);
    expect(rows.map((row) => row.event).sort()).toEqual(['article.published', 'cache.purge']);

    const byType = Object.fromEntries(receiver.received.slice(1).map((delivery) => [delivery.json.type, delivery]));
    expect(byType['article.published'].json.data).toEqual({ articleId: article.id, at: expect.any(String) });
    expect(byType['cache.purge'].json.data).toEqual({ tags: [`article:${article.id}`, `category:${categoryId}`, 'list:articles'] });
    for (const delivery of receiver.received) {
      expect(signatureIsValid(webhook.secret, delivery)).toBe(true);
      expect(signatureIsValid(`${webhook.secret}x`, delivery)).toBe(false);
      expect(delivery.headers['webhook-id']).toBe(delivery.json.id);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.path).toBe('/hooks/retried');
    }
    // The refused first request was sent again (same delivery, same body), and nothing else twice.
    const [first, ...rest] = receiver.received;
    expect(rest.filter((delivery) => delivery.json.id === first.json.id)).toHaveLength(1);
    expect(new Set(rest.map((delivery) => delivery.json.id)).size).toBe(2);
    const retried = rows.find((row) => row.id === first.json.id);
    expect(retried).toMatchObject({ status: 'DELIVERED', attempts: 2, response_status: 204, last_error: null });
    expect(rows.find((row) => row.id !== first.json.id)).toMatchObject({ status: 'DELIVERED', attempts: 1, response_status: 204 });
    // The two instances' attempt counters, summed: the refused one, then three that arrived.
    const attempts = async (outcome: string) => (await Promise.all(instances.map((instance) => metricOf(instance.app, `bulletin_webhook_delivery_attempts_total{outcome="${outcome}"}`)))).reduce((sum, n) => sum + (Number.isNaN(n) ? 0 : n), 0);
    expect(await attempts('retry')).toBe(1);
    expect(await attempts('delivered')).toBe(2);
  });

  test('many changes at once: every delivery reaches the receiver exactly once', async () => {
    const webhook = await createWebhook(h, admin.token, `${receiver.url}/burst`, ['ARTICLE_PUBLISHED', 'CACHE_PURGE']);
    receiver.answer = () => 204;
    const articles = await Promise.all(Array.from({ length: 12 }, () => publishedArticle()));

    await eventually(async () => (await deliveriesOf(webhook.id)).filter((row) => row.status === 'DELIVERED').length === 24);
    const received = receiver.received.filter((delivery) => delivery.path === '/hooks/burst');
    const ids = received.map((delivery) => delivery.json.id);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const published = received.filter((delivery) => delivery.json.type === 'article.published').map((delivery) => delivery.json.data.articleId);
    expect(new Set(published)).toEqual(new Set(articles.map((article) => article.id)));
    expect((await deliveriesOf(webhook.id)).every((row) => row.attempts === 1)).toBe(true);
  });

  test('the admin sees each delivery’s status, attempts, answer and times', async () => {
    const webhook = await createWebhook(h, admin.token, `${receiver.url}/failing`, ['ARTICLE_PUBLISHED']);
    receiver.answer = (_index, delivery) => (delivery.path === '/hooks/failing' ? 503 : 204);
    await publishedArticle();
    // Three attempts (WEBHOOK_MAX_ATTEMPTS), then FAILED.
    await eventually(async () => (await deliveriesOf(webhook.id))[0]?.status === 'FAILED');
    const { webhooks } = dataOf(
      await h.gql<{ webhooks: { nodes: { id: string; deliveries: { nodes: Record<string, unknown>[] } }[] } }>(
        `{ webhooks(first: 5) { nodes { id deliveries(status: FAILED) { nodes { event status attempts responseStatus lastError lastAttemptAt nextAttemptAt deliveredAt createdAt } } } } }`,
        {},
        { token: admin.token },
      ),
    );
    const node = webhooks.nodes.find((one) => one.id === webhook.id);
    expect(node?.deliveries.nodes).toEqual([
      { event: 'ARTICLE_PUBLISHED', status: 'FAILED', attempts: 3, responseStatus: 503, lastError: 'HTTP 503', lastAttemptAt: expect.any(String), nextAttemptAt: null, deliveredAt: null, createdAt: expect.any(String) },
    ]);
  });
});

describe('the outbox', () => {
  test('a change tells only active subscribers of its event, and cache.purge carries exactly the tags of a publish, a category move and an unpublish', async () => {
    const purge = await createWebhook(h, admin.token, 'https://purge.example.com/hook', ['CACHE_PURGE']);
    const updates = await createWebhook(h, admin.token, 'https://updates.example.com/hook', ['ARTICLE_UPDATED', 'ARTICLE_UNPUBLISHED']);
    const inactive = await createWebhook(h, admin.token, 'https://off.example.com/hook', ['CACHE_PURGE', 'ARTICLE_PUBLISHED']);
    dataOf(await h.gql(`mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { active } }`, { id: inactive.id }, { token: admin.token }));

    const article = await publishedArticle();
    const moved = dataOf(await updateArticleRequest(h, editor.token, article.id, { version: article.version, categoryId: otherCategoryId })).updateArticle;
    dataOf(await moveRequest(h, editor.token, 'unpublishArticle', moved.id));

    const purges = (await deliveriesOf(purge.id)).map((row) => JSON.parse(row.body as string).data.tags);
    expect(purges).toEqual([
      [`article:${article.id}`, `category:${categoryId}`, 'list:articles'],
      [`article:${article.id}`, `category:${categoryId}`, `category:${otherCategoryId}`, 'list:articles'],
      [`article:${article.id}`, `category:${otherCategoryId}`, 'list:articles'],
    ]);
    expect((await deliveriesOf(updates.id)).map((row) => row.event)).toEqual(['article.updated', 'article.unpublished']);
    expect(await deliveriesOf(inactive.id)).toEqual([]);
  });

  test('a write that fails after the outbox wrote leaves no delivery behind (one transaction)', async () => {
    const webhook = await createWebhook(h, admin.token, 'https://rollback.example.com/hook', ['ARTICLE_PUBLISHED', 'CACHE_PURGE']);
    const draft = await createDraft(h, editor.token, { categoryId });
    // Registered after the outbox writer: it runs once the deliveries are inserted, then fails the write.
    let failing = true;
    let seenInTransaction: unknown[] = [];
    h.app.articleChanges.register(async (tx) => {
      if (!failing) return;
      seenInTransaction = await knexOf(tx)('webhook_delivery').where('webhook_id', webhook.id).pluck('event');
      throw new Error('a later listener failed');
    });
    try {
      const result = await publishRequest(h, editor.token, draft.id);
      expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      failing = false;
    }
    expect(seenInTransaction.sort()).toEqual(['article.published', 'cache.purge']);
    expect(await deliveriesOf(webhook.id)).toEqual([]);
    expect((await knex()('article').first('status').where('id', draft.id)).status).toBe('DRAFT');
  });

  test('deliveries written while no worker runs wait in the table (counted in webhook_queue_depth), and go out once one starts', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await createWebhook(h, admin.token, receiver.url, ['ARTICLE_PUBLISHED']);
      // Earlier tests' webhooks are subscribed too (their receivers gone): count what this publish adds.
      const pendingBefore = await pendingDepth();
      const rowsBefore = await pendingRows();
      const article = await publishedArticle();
      expect(await deliveriesOf(webhook.id)).toMatchObject([{ status: 'PENDING', attempts: 0 }]);
      const written = (await pendingRows()) - rowsBefore;
      expect(written).toBeGreaterThanOrEqual(1);
      expect(await pendingDepth()).toBe(pendingBefore + written);
      expect(receiver.received).toEqual([]);
      const instance = await startSendingInstance(h, WORKER_ENV);
      try {
        await eventually(() => receiver.received.length === 1);
        expect(receiver.received[0].json).toMatchObject({ type: 'article.published', data: { articleId: article.id } });
        await eventually(async () => (await deliveriesOf(webhook.id))[0].status === 'DELIVERED');
        expect(await metricOf(instance.app, 'bulletin_webhook_delivery_attempts_total{outcome="delivered"}')).toBeGreaterThanOrEqual(1);
      } finally {
        await instance.close();
      }
    } finally {
      await receiver.close();
    }
  });
});

describe('shutdown', () => {
  test('closing an instance waits for the delivery it is sending and records it before the pool closes', async () => {
    const receiver = await startReceiver();
    receiver.delayMs = 700;
    try {
      const webhook = await createWebhook(h, admin.token, `${receiver.url}/slow`, ['ARTICLE_PUBLISHED']);
      const instance = await startSendingInstance(h, WORKER_ENV);
      await publishedArticle();
      await eventually(() => receiver.received.length === 1);
      await instance.close();
      expect(await deliveriesOf(webhook.id)).toMatchObject([{ status: 'DELIVERED', attempts: 1, response_status: 204 }]);
    } finally {
      await receiver.close();
    }
  });
});

describe('the address guard, through the worker', () => {
  test('a URL whose name resolves to loopback is refused when loopback is not allowed: FAILED at once, nothing sent', async () => {
    const receiver = await startReceiver();
    const { logger, lines } = recordingLogger();
    const instance = await startSendingInstance(h, { ...WORKER_ENV, WEBHOOK_ALLOW_LOOPBACK: 'false' }, logger);
    try {
      const webhook = await createWebhook(h, admin.token, receiver.url.replace('127.0.0.1', 'localhost'), ['ARTICLE_PUBLISHED']);
      await publishedArticle();
      await eventually(async () => (await deliveriesOf(webhook.id))[0]?.status === 'FAILED');
      const [row] = await deliveriesOf(webhook.id);
      expect(row).toMatchObject({ attempts: 1, response_status: null });
      expect(row.last_error).toMatch(/^refused: localhost: (127\.0\.0\.1|::1) is a loopback address$/);
      expect(receiver.received).toEqual([]);
      expect(lines.find((line) => line.deliveryId === row.id)).toMatchObject({ msg: 'webhook delivery failed for good', webhookId: webhook.id, attempts: 1, lastError: row.last_error });
    } finally {
      await instance.close();
      await receiver.close();
    }
  });
});
