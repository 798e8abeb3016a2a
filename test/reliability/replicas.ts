import fs from 'node:fs';
import { buildOnce, startBulletin } from './lib/bulletin-process';
import { createPrimary, createReplica, psql, type Cluster } from './lib/cluster';
import { withClient } from './lib/ledger';
import { parsePrometheus, RUN_METRICS_TOKEN } from './lib/metrics-scrape';
import { prepareNewsroom } from './lib/newsroom';
import { report, sleep } from './lib/report';

/**
 * Read replicas, on a real streaming replica: a primary (5437) and a replica made from it with
 * pg_basebackup (5438). Bulletin runs with DATABASE_REPLICA_URLS. Both servers log every statement
 * (log_statement = all); the run counts the statements on the article table each server logged
 * while a kind of client reads, which shows where its reads went; then it stops the replica
 * mid-traffic and starts it again.
 *
 *   npx ts-node --swc test/reliability/replicas.ts
 */
const READS = 200;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

async function main(): Promise<void> {
  const port = Number(process.env.BULLETIN_PORT ?? 4164);
  buildOnce();
  const primary = createPrimary('replicas-primary', Number(process.env.PG_PORT ?? 5437));
  let replica: Cluster | undefined;
  try {
    psql(primary, 'postgres', 'create database bulletin');
    // Copied to the replica by pg_basebackup (postgresql.auto.conf).
    psql(primary, 'postgres', "alter system set log_statement = 'all'");
    psql(primary, 'postgres', 'select pg_reload_conf()');
    replica = createReplica('replicas-replica', Number(process.env.REPLICA_PORT ?? 5438), primary);
    const databaseUrl = primary.url('bulletin');
    const bulletin = await startBulletin({
      port,
      databaseUrl,
      name: 'replicas',
      env: { DATABASE_REPLICA_URLS: replica.url('bulletin'), REPLICA_CHECK_INTERVAL_MS: '1000', RESPONSE_CACHE_TTL_MS: '0', METRICS_TOKEN: RUN_METRICS_TOKEN },
    });
    const newsroom = await prepareNewsroom(bulletin.url, databaseUrl);
    await sleep(500); // the published article reaches the replica
    const read = (headers: Record<string, string> = {}) => gql(bulletin.url, `{ article(id: "${newsroom.articleId}") { title viewCount } }`, headers);
    const servers = { primary, replica };

    const anonymous = await statementsDuring(servers, async () => {
      for (let i = 0; i < READS; i += 1) await read({ 'user-agent': `${BROWSER} reader/${i}` });
    });
    const staff = await statementsDuring(servers, async () => {
      for (let i = 0; i < READS; i += 1) await read({ authorization: `Bearer ${newsroom.editorToken}` });
    });
    // A reader who just wrote (a counted view) reads their own write: from the primary, at once.
    const writer = { 'user-agent': `${BROWSER} writer` };
    const viewed = await gql(bulletin.url, `mutation { recordArticleView(articleId: "${newsroom.articleId}") }`, writer);
    const stored = await withClient(databaseUrl, async (c) => Number((await c.query('select view_count from article where id = $1', [newsroom.articleId])).rows[0].view_count));
    let ownReadCount = -1;
    const afterWrite = await statementsDuring(servers, async () => {
      for (let i = 0; i < READS; i += 1) ownReadCount = ((await read(writer)).data as { article: { viewCount: number } }).article.viewCount;
    });
    const onReplica = await withClient(replica.url('bulletin'), async (c) => (await c.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0].r);

    // The replica goes down while anonymous readers keep reading, then comes back.
    const answers: number[] = [];
    let reading = true;
    const readers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; reading; i += 1) answers.push((await read({ 'user-agent': `${BROWSER} outage/${w}/${i}` })).status);
    });
    await sleep(1_000);
    replica.stop('fast');
    await sleep(3_000);
    const whileDown = await readiness(bulletin.url);
    const metricsWhileDown = await replicaMetrics(bulletin.url);
    replica.start();
    await sleep(2_500);
    reading = false;
    await Promise.all(readers);
    const afterReturn = await statementsDuring(servers, async () => {
      for (let i = 0; i < READS; i += 1) await read({ 'user-agent': `${BROWSER} back/${i}` });
    });
    const backUp = await readiness(bulletin.url);
    const metricsAfter = await replicaMetrics(bulletin.url);
    // Until its WAL receiver streams again a restarted standby cannot tell what it has not received,
    // and the lag reads as the age of its last replayed transaction; it falls to 0 once caught up.
    const caughtUp = await untilCaughtUp(bulletin.url, 15_000);
    await bulletin.stop('SIGTERM');

    const failed = answers.filter((status) => status !== 200).length;
    report(
      'replicas',
      {
        reads: READS,
        statementsOnArticle: { anonymous, staff, afterOwnWrite: afterWrite, afterReplicaReturned: afterReturn },
        ownWrite: { counted: viewed.data, storedOnPrimary: stored, readBack: ownReadCount },
        replicaOutage: { requests: answers.length, failed, readinessWhileDown: whileDown, readinessAfter: backUp },
        metrics: { whileDown: metricsWhileDown, after: metricsAfter, lagZeroAfterMs: caughtUp.afterMs },
      },
      {
        'the replica is a streaming standby (pg_is_in_recovery)': onReplica,
        'anonymous reads go to the replica': anonymous.replica >= READS && anonymous.primary < READS / 10,
        'staff reads go to the primary': staff.primary >= READS && staff.replica < READS / 10,
        'a client that just wrote reads the primary, and sees its write': afterWrite.primary >= READS && afterWrite.replica < READS / 10 && ownReadCount === stored,
        'no failed read while the replica was down': failed === 0,
        'the replica was out of rotation while down': whileDown.replicas?.[0]?.up === false && whileDown.status === 200,
        'back in rotation once it answers': backUp.replicas?.[0]?.up === true && afterReturn.replica >= READS,
        '/metrics: replica down is up 0 without a lag, back is up 1 with its lag, which falls to 0 once it has caught up': metricsWhileDown.up === 0 && metricsWhileDown.lagSeconds === null && metricsAfter.up === 1 && metricsAfter.lagSeconds !== null && caughtUp.afterMs !== null,
      },
    );
  } finally {
    replica?.destroy();
    primary.destroy();
  }
}

/** The replica's series in /metrics: bulletin_db_replica_up and bulletin_db_replica_lag_seconds (null when absent). */
async function replicaMetrics(url: string): Promise<{ up: number | null; lagSeconds: number | null }> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${RUN_METRICS_TOKEN}` } });
  const series = parsePrometheus(await response.text());
  const value = (name: string) => series.find((s) => s.name === name && s.labels.replica === 'replica-1')?.value ?? null;
  return { up: value('bulletin_db_replica_up'), lagSeconds: value('bulletin_db_replica_lag_seconds') };
}

/** Scrapes every 250 ms until the replica's lag reads 0: how long that took, or null if not within `withinMs`. */
async function untilCaughtUp(url: string, withinMs: number): Promise<{ afterMs: number | null }> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if ((await replicaMetrics(url)).lagSeconds === 0) return { afterMs: Date.now() - started };
    await sleep(250);
  }
  return { afterMs: null };
}

async function gql(url: string, query: string, headers: Record<string, string>): Promise<{ status: number; data?: unknown; errors?: unknown }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': BROWSER, ...headers }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) return { status: response.status === 200 ? 599 : response.status, ...body };
  return { status: response.status, ...body };
}

async function readiness(url: string): Promise<{ status: number; replicas?: { name: string; up: boolean; replayLagSeconds: number | null }[] }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, ...((await response.json()) as object) };
}

/** Statements on the article table each server logged while `work` ran (the scheduler's on the primary included). */
async function statementsDuring(servers: { primary: Cluster; replica: Cluster }, work: () => Promise<void>): Promise<{ primary: number; replica: number }> {
  const logOf = (cluster: Cluster) => `${cluster.dataDir}.log`;
  const sizes = { primary: fs.statSync(logOf(servers.primary)).size, replica: fs.statSync(logOf(servers.replica)).size };
  await work();
  await sleep(300);
  const count = (cluster: Cluster, from: number) => {
    const text = fs.readFileSync(logOf(cluster)).subarray(from).toString('utf8');
    return text.split('\n').filter((line) => /LOG:\s+(statement|execute [^:]*):.*\barticle\b/i.test(line)).length;
  };
  return { primary: count(servers.primary, sizes.primary), replica: count(servers.replica, sizes.replica) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
