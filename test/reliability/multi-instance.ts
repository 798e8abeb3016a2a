import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { buildOnce, startBulletin, type BulletinProcess } from './lib/bulletin-process';
import { createPrimary, createReplica, psql, type Cluster } from './lib/cluster';
import { withClient } from './lib/ledger';
import { createAccount, draftArticle, login, prepareNewsroom, publishArticle } from './lib/newsroom';
import { report, sleep } from './lib/report';
import { SHARED_STATE_CHECKS } from './lib/shared-state-checks';
import { gql, type Check } from './lib/system';
import { newVisitorAgent } from './lib/traffic';

/**
 * Several instances as one system: two Bulletin processes (4165, 4166) on one PostgreSQL primary
 * (5437) with a streaming replica (5438) and a Redis of the run's own (4167), all on loopback.
 * Each check is a function sending its requests to both instances; the run prints each result.
 * Ports: A_PORT, B_PORT, PG_PORT, REPLICA_PORT, REDIS_PORT.
 *
 * The instances run with NODE_ENV=development and production's switches set by hand (no seed, no
 * introspection, no IDE): the webhook check needs a receiver on loopback, which
 * WEBHOOK_ALLOW_LOOPBACK allows and a production configuration refuses by design.
 *
 *   npx ts-node --swc test/reliability/multi-instance.ts
 */
const LOGIN_MAX_FAILURES = 3;

const CHECKS: Record<string, Check> = {
  /** Failed logins on either instance add up; the account is then refused on both, right password included. */
  async loginThrottleIsShared({ a, b, databaseUrl }) {
    const email = createAccount(databaseUrl, 'AUTHOR');
    const attempt = (target: BulletinProcess, password: string) =>
      gql(target.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password }).then((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    const failures = [await attempt(a, 'wrong password 1'), await attempt(b, 'wrong password 2'), await attempt(a, 'wrong password 3')];
    const afterOnA = await attempt(a, 'reliability run password');
    const afterOnB = await attempt(b, 'reliability run password');
    return { ok: failures.every((code) => code === 'UNAUTHENTICATED') && afterOnA === 'RATE_LIMITED' && afterOnB === 'RATE_LIMITED', figures: { failures, afterOnA, afterOnB } };
  },
  /** One visitor viewing on A, then on B: counted once. */
  async viewDedupedAcrossInstances({ a, b, databaseUrl, newsroom }) {
    const before = await viewCount(databaseUrl, newsroom.articleId);
    const visitor = newVisitorAgent();
    const view = (target: BulletinProcess) => gql(target.url, 'mutation($id: ID!) { recordArticleView(articleId: $id) }', { id: newsroom.articleId }, { 'user-agent': visitor }).then((r) => r.data?.recordArticleView);
    const answers = { onA: await view(a), onB: await view(b), onAAgain: await view(a) };
    const stored = (await viewCount(databaseUrl, newsroom.articleId)) - before;
    return { ok: answers.onA === true && answers.onB === false && answers.onAAgain === false && stored === 1, figures: { ...answers, stored } };
  },
  /** Both schedulers run every 100 ms; each due article is published by exactly one of them, once. */
  async scheduledArticlesPublishedOnce({ a, b, newsroom, databaseUrl }) {
    const logFrom = [fs.statSync(a.logFile).size, fs.statSync(b.logFile).size];
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => draftArticle(a.url, newsroom.editorToken, newsroom.categoryId, `Multi-instance scheduled ${i}`)));
    // Far enough ahead that every publishArticle(at) is in before it (an `at` already past publishes at once).
    const dueAt = new Date(Date.now() + 8_000);
    await Promise.all(ids.map((id) => publishArticle(a.url, newsroom.editorToken, id, dueAt)));
    await sleep(dueAt.getTime() - Date.now() + 2_000);
    const rows = await withClient(databaseUrl, async (c) =>
      (await c.query<{ status: string; publishes: number }>(`select status, (select count(*)::int from article_revision r where r.article_id = a.id and r.action = 'PUBLISH') as publishes from article a where id = any($1::uuid[])`, [ids])).rows,
    );
    const published = rows.filter((r) => r.status === 'PUBLISHED').length;
    const publishedTwice = rows.filter((r) => r.publishes !== 1).length;
    // Which instance's scheduler published what (their `published N scheduled article(s)` lines).
    const [byA, byB] = [publishedBy(a.logFile, logFrom[0]), publishedBy(b.logFile, logFrom[1])];
    const both = byA.filter((id) => byB.includes(id)).length;
    return {
      ok: published === ids.length && publishedTwice === 0 && both === 0 && byA.length + byB.length === ids.length,
      figures: { scheduled: ids.length, published, publishRevisionsOtherThanOne: publishedTwice, publishedByA: byA.length, publishedByB: byB.length, publishedByBoth: both },
    };
  },
  /** A session made on A works on B; an edit through A is read through B by staff at once (primary). */
  async staffSessionAndEditsSeenEverywhere({ a, b, newsroom }) {
    const title = `Edited through A ${randomUUID().slice(0, 8)}`;
    const id = await draftArticle(a.url, newsroom.editorToken, newsroom.categoryId, title);
    const onB = await gql(b.url, 'query($id: ID!) { article(id: $id) { title } }', { id }, { authorization: `Bearer ${newsroom.editorToken}` });
    return { ok: (onB.data?.article as { title?: string } | undefined)?.title === title, figures: { readOnB: onB.data?.article ?? onB.errors } };
  },
};


async function main(): Promise<void> {
  buildOnce();
  const redisPort = Number(process.env.REDIS_PORT ?? 4167);
  const redis = startRedis(redisPort);
  const primary = createPrimary('multi-primary', Number(process.env.PG_PORT ?? 5437));
  let replica: Cluster | undefined;
  const instances: BulletinProcess[] = [];
  try {
    psql(primary, 'postgres', 'create database bulletin');
    replica = createReplica('multi-replica', Number(process.env.REPLICA_PORT ?? 5438), primary);
    const databaseUrl = primary.url('bulletin');
    const env = {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATABASE_REPLICA_URLS: replica.url('bulletin'),
      SCHEDULER_INTERVAL_MS: '100',
      LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
      // The schedulers' `published N scheduled article(s)` lines are at info.
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      SEED_ON_EMPTY: 'false',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_IDE: 'false',
      WEBHOOK_WORKER: 'true',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      // One deployment behind one address: instances share Redis state (ad caps, the ad and response
      // caches) within the namespace of their database and PUBLIC_URL, so both name the same one.
      PUBLIC_URL: 'https://api.tin.example.vn',
    };
    const a = await startBulletin({ port: Number(process.env.A_PORT ?? 4165), databaseUrl, name: 'multi-a', env });
    instances.push(a);
    const b = await startBulletin({ port: Number(process.env.B_PORT ?? 4166), databaseUrl, name: 'multi-b', env });
    instances.push(b);
    const newsroom = await prepareNewsroom(a.url, databaseUrl);
    await login(b.url, createAccount(databaseUrl, 'AUTHOR')); // B answers logins too
    const adminToken = await login(b.url, createAccount(databaseUrl, 'ADMIN'));
    const results: Record<string, unknown> = {};
    const checks: Record<string, boolean> = {};
    for (const [name, check] of Object.entries({ ...CHECKS, ...SHARED_STATE_CHECKS })) {
      const result = await check({ a, b, databaseUrl, newsroom, adminToken });
      results[name] = result.figures;
      checks[name] = result.ok;
    }
    report('multi-instance', { instances: [a.url, b.url], results }, checks);
  } finally {
    for (const instance of instances) await instance.stop('SIGTERM');
    replica?.destroy();
    primary.destroy();
    redis.kill('SIGTERM');
  }
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}


function publishedBy(logFile: string, from: number): string[] {
  const lines = fs.readFileSync(logFile).subarray(from).toString('utf8').split('\n');
  return lines.flatMap((line) => {
    if (!line.includes('scheduled article')) return [];
    return (JSON.parse(line) as { articles?: string[] }).articles ?? [];
  });
}

async function viewCount(databaseUrl: string, id: string): Promise<number> {
  return withClient(databaseUrl, async (c) => Number((await c.query('select view_count from article where id = $1', [id])).rows[0].view_count));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
