import { randomInt } from 'node:crypto';
import { startReceiver, type ReceivedDelivery } from '../helpers/webhooks';
import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, psql } from './lib/cluster';
import { withClient } from './lib/ledger';
import { createAccount, draftArticle, login, prepareNewsroom, publishArticle } from './lib/newsroom';
import { msFromEnv, report, sleep } from './lib/report';
import { gql } from './lib/system';
import { percentile, processedArticles, receiptFigures, webhookIdOf } from './lib/webhook-receipts';

/**
 * SIGKILL mid-webhook-delivery: a loopback receiver subscribed to article.published answers each
 * delivery after 200–400 ms, so that deliveries are in flight when Bulletin is killed; editors are
 * publishing and the scheduler has published a batch. Bulletin is started again on the same
 * database and runs until no delivery is PENDING (a delivery claimed before the kill waits for
 * its lease to run out: WEBHOOK_TIMEOUT_MS × 4 + 30 s, 34 s here). Then: every published article
 * has one outbox row, each delivered and acknowledged at least once; an event is acknowledged
 * twice (same webhook-id) only when the kill came between the receiver's answer and the worker's
 * record of it, and a receiver deduplicating by webhook-id processes each article once.
 *
 * NODE_ENV=development with production's switches set by hand (no seed, introspection or IDE):
 * the receiver is on loopback, which WEBHOOK_ALLOW_LOOPBACK allows and production refuses by design.
 *
 *   PG_PORT=5439 BULLETIN_PORT=4168 npx ts-node --swc test/reliability/sigkill-webhook.ts
 */
const PUBLISH_NOW = Number(process.env.PUBLISH_NOW ?? 150);
const SCHEDULED = Number(process.env.SCHEDULED ?? 100);
/** Acknowledgments before the kill; it then lands 0–KILL_JITTER_MS later (or once a delivery is in flight), at no fixed lag after an answer. */
const KILL_AFTER_ACKS = Number(process.env.KILL_AFTER_ACKS ?? 40);
const KILL_JITTER_MS = msFromEnv('KILL_JITTER_MS', 250);
/** The most a duplicate's first acknowledgment may precede the kill: the worker records an answer within milliseconds. */
const AT_LEAST_ONCE_WINDOW_MS = msFromEnv('AT_LEAST_ONCE_WINDOW_MS', 100);
const ANSWER_MS = [200, 400] as const;
const EDITOR_PAUSE_MS = msFromEnv('EDITOR_PAUSE_MS', 40);
/** The lease (34 s) and the deliveries left after it. */
const SETTLE_TIMEOUT_MS = msFromEnv('SETTLE_TIMEOUT_MS', 90_000);

const ENV = {
  NODE_ENV: 'development',
  SEED_ON_EMPTY: 'false',
  GRAPHQL_INTROSPECTION: 'false',
  GRAPHQL_IDE: 'false',
  SCHEDULER_INTERVAL_MS: '100',
  WEBHOOK_WORKER: 'true',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_RETRY_BASE_MS: '100',
};

async function main(): Promise<void> {
  const port = Number(process.env.BULLETIN_PORT ?? 4168);
  buildOnce();
  const primary = createPrimary('sigkill-webhook', Number(process.env.PG_PORT ?? 5439));
  const receiver = await startReceiver();
  receiver.delayMs = () => randomInt(ANSWER_MS[0], ANSWER_MS[1] + 1);
  try {
    psql(primary, 'postgres', 'create database bulletin');
    const databaseUrl = primary.url('bulletin');
    const first = await startBulletin({ port, databaseUrl, name: 'sigkill-webhook-1', env: ENV });
    const newsroom = await prepareNewsroom(first.url, databaseUrl);
    const secret = await subscribe(first.url, await login(first.url, createAccount(databaseUrl, 'ADMIN')), receiver.url);
    const draft = (title: string) => draftArticle(first.url, newsroom.editorToken, newsroom.categoryId, title);
    const now = await Promise.all(Array.from({ length: PUBLISH_NOW }, (_, i) => draft(`Webhook now ${i}`)));
    const scheduled = await Promise.all(Array.from({ length: SCHEDULED }, (_, i) => draft(`Webhook scheduled ${i}`)));
    const dueAt = new Date(Date.now() + 5_000);
    await Promise.all(scheduled.map((id) => publishArticle(first.url, newsroom.editorToken, id, dueAt)));
    await sleep(Math.max(0, dueAt.getTime() - Date.now()));

    // Two editors publishing one article after another, paced so that they are still at it when the
    // kill lands: publishes cut by it must leave their article DRAFT and without an outbox row.
    const queue = [...now];
    const publishesAcknowledged = new Set<string>();
    const editors = [0, 1].map(async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (await publishArticle(first.url, newsroom.editorToken, id).then(() => true, () => false)) publishesAcknowledged.add(id);
        await sleep(EDITOR_PAUSE_MS);
      }
    });
    while (receiver.received.filter((r) => r.answeredAt !== undefined).length < KILL_AFTER_ACKS) await sleep(5);
    // A random instant, then the first with a delivery waiting for its answer (the worker sends in
    // rounds, none between two): its round's other answers may have just been written, or not.
    const killNoSoonerThan = Date.now() + randomInt(0, KILL_JITTER_MS + 1);
    while (Date.now() < killNoSoonerThan || !receiver.received.some((r) => r.answeredAt === undefined && r.unanswered === undefined)) await sleep(5);
    const killAt = Date.now();
    const killed = await first.stop('SIGKILL');
    await Promise.all(editors);
    const atKill = await outboxRows(databaseUrl);

    const second = await startBulletin({ port, databaseUrl, name: 'sigkill-webhook-2', env: ENV });
    const restartedAt = Date.now();
    while ((await unfinishedWork(databaseUrl)) > 0 && Date.now() - restartedAt < SETTLE_TIMEOUT_MS) await sleep(250);
    const settledAfterRestartMs = Date.now() - restartedAt;
    const final = await outboxRows(databaseUrl);
    const articles = await articleStatuses(databaseUrl);
    await second.stop('SIGTERM');

    const receipts = receiptFigures(receiver.received, secret, killAt);
    const atKillById = new Map(atKill.map((row) => [row.id, row]));
    const acknowledgedIds = new Set(receiver.received.filter((r) => r.answeredAt !== undefined).map(webhookIdOf));
    const published = articles.filter((a) => a.status === 'PUBLISHED').map((a) => a.id);
    const rowsPerArticle = countBy(final.filter((row) => row.event === 'article.published').map((row) => row.articleId));
    const processed = processedArticles(receiver.received);
    // The at-least-once window as measured: delivered_at is now() of the worker's UPDATE (its start), the same clock as the receiver's.
    const ackToRecordMs = final.flatMap((row) => {
      const answeredAt = lastAnswer(receiver.received, row.id);
      return row.deliveredAt && answeredAt !== undefined ? [row.deliveredAt.getTime() - answeredAt] : [];
    });
    report(
      'sigkill-webhook',
      {
        killed,
        publishNow: { sent: now.length, acknowledged: publishesAcknowledged.size, publishedAtEnd: articles.filter((a) => now.includes(a.id) && a.status === 'PUBLISHED').length },
        scheduled: { sent: scheduled.length, publishedAtEnd: articles.filter((a) => scheduled.includes(a.id) && a.status === 'PUBLISHED').length },
        outboxAtKill: { ...countBy(atKill.map((row) => row.status)), claimedUnrecorded: atKill.filter((row) => row.status === 'PENDING' && row.attempts > 0).length },
        outboxAtEnd: countBy(final.map((row) => row.status)),
        attemptsAtEnd: countBy(final.map((row) => String(row.attempts))),
        receiver: receipts,
        ackToRecordMs: { p50: percentile(ackToRecordMs, 0.5), p99: percentile(ackToRecordMs, 0.99), max: percentile(ackToRecordMs, 1) },
        settledAfterRestartMs,
      },
      {
        'the kill left deliveries in flight and PENDING rows': receipts.inFlightAtKill > 0 && atKill.some((row) => row.status === 'PENDING'),
        'every acknowledged publish is PUBLISHED': [...publishesAcknowledged].every((id) => articles.find((a) => a.id === id)?.status === 'PUBLISHED'),
        'every PUBLISHED article has exactly one article.published row, any other article none': articles.every((a) => (rowsPerArticle[a.id] ?? 0) === (a.status === 'PUBLISHED' ? 1 : 0)) && final.every((row) => published.includes(row.articleId)),
        'every outbox row ends DELIVERED': final.length > 0 && final.every((row) => row.status === 'DELIVERED'),
        'every event acknowledged by the receiver at least once (none lost)': final.every((row) => acknowledgedIds.has(row.id)),
        // A negative lead: the receiver's 'finish' came after the signal was sent, while the process was
        // still going (killed.ms); 'finish' also runs on this process's event loop, a few ms after the write.
        [`an event acknowledged twice only if first acknowledged within ${AT_LEAST_ONCE_WINDOW_MS} ms before the kill (or during it) and not recorded by then`]: receipts.acknowledgedTwice.every(
          (twice) =>
            twice.acknowledgments === 2 &&
            twice.firstAckBeforeKillMs >= -killed.ms &&
            twice.firstAckBeforeKillMs <= AT_LEAST_ONCE_WINDOW_MS &&
            atKillById.get(twice.webhookId)?.status === 'PENDING',
        ),
        'a receiver deduplicating by webhook-id processes each published article exactly once': processed.size === published.length && published.every((id) => processed.get(id) === 1),
        'every signature valid': receipts.invalidSignatures === 0,
      },
    );
  } finally {
    await receiver.close();
    primary.destroy();
  }
}

async function subscribe(url: string, adminToken: string, receiverUrl: string): Promise<string> {
  const created = await gql(url, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }', { i: { url: receiverUrl, events: ['ARTICLE_PUBLISHED'] } }, { authorization: `Bearer ${adminToken}` });
  const secret = (created.data?.createWebhook as { secret?: string } | undefined)?.secret;
  if (!secret) throw new Error(`createWebhook failed: ${JSON.stringify(created.errors)}`);
  return secret;
}

function lastAnswer(received: ReceivedDelivery[], webhookId: string): number | undefined {
  return received.filter((r) => webhookIdOf(r) === webhookId && r.answeredAt !== undefined).at(-1)?.answeredAt;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  event: string;
  articleId: string;
  deliveredAt: Date | null;
}

async function outboxRows(databaseUrl: string): Promise<OutboxRow[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<OutboxRow>(`select id, status, attempts, event, body::json->'data'->>'articleId' as "articleId", delivered_at as "deliveredAt" from webhook_delivery`);
    return rows;
  });
}

/** Deliveries not yet sent and articles not yet published by the scheduler. */
async function unfinishedWork(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>(`select (select count(*) from webhook_delivery where status = 'PENDING') + (select count(*) from article where status = 'SCHEDULED') as n`);
    return Number(rows[0].n);
  });
}

async function articleStatuses(databaseUrl: string): Promise<{ id: string; status: string }[]> {
  return withClient(databaseUrl, async (client) => (await client.query<{ id: string; status: string }>(`select id, status from article where title like 'Webhook %'`)).rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
