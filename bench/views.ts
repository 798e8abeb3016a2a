import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { bulletinEnv, prepareDemoData, ROOT, waitForReadyz } from './lib/bulletin';
import { exitOnSignals, freePort, log, onCleanup, optionsOrExit, running, runMain, startChild, stopChild, type Child } from './lib/processes';
import { createScratchDatabase, reportLeftovers } from './lib/scratch-db';
import { runViewLoad, type ViewLoadResult, type ViewPath } from './lib/view-load';
import { mergeAcknowledged, perArticleMismatches, stored } from './lib/view-totals';
import { runLoad } from './load';

const USAGE = `Usage: npm run bench:views -- [--connections N] [--duration S] [--warmup S] [--articles N] [--kill-after S] [--pool P] [--redis URL]

View counting under load, against one Bulletin server (a child process, NODE_ENV=production):
  1. { __typename } through GraphQL: the same server's baseline;
  2. recordArticleView through GraphQL, then 3. POST /views/:id beacons — every request a new
     visitor, half of them on one hot article, the rest over a long tail of articles;
  4. checks that the stored totals (article.view_count and article_views_daily) went up by exactly
     the number of true answers, article by article;
  5. SIGKILLs the server in the middle of a mixed run, restarts it, and checks that nothing
     acknowledged was lost and nothing was stored beyond the requests whose answers were cut off.

  --connections N   concurrent keep-alive clients (default 64)
  --duration S      measured seconds per phase (default 10)
  --warmup S        warm-up seconds per phase, not in rates (its views are in the totals) (default 2)
  --articles N      demo articles generated for the long tail (default 500)
  --kill-after S    seconds into the SIGKILL run (default 3)
  --pool P          the server's DB_POOL_MAX (default 10)
  --redis URL       dedupe in Redis (REDIS_URL) instead of in process

Data goes to a scratch database bulletin_bench_views_<pid> on postgres://postgres@127.0.0.1:5432, dropped at the end.`;

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

interface Options {
  connections: number;
  durationS: number;
  warmupS: number;
  articles: number;
  killAfterS: number;
  pool: number;
  redisUrl: string | undefined;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      articles: { type: 'string' },
      'kill-after': { type: 'string' },
      pool: { type: 'string' },
      redis: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const num = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number between ${min} and ${max} (got "${raw}")`);
    return value;
  };
  return {
    connections: Math.round(num('connections', values.connections, 64, 1, 5000)),
    durationS: num('duration', values.duration, 10, 1, 3600),
    warmupS: num('warmup', values.warmup, 2, 0, 600),
    articles: Math.round(num('articles', values.articles, 500, 1, 100_000)),
    killAfterS: num('kill-after', values['kill-after'], 3, 0.2, 600),
    pool: Math.round(num('pool', values.pool, 10, 1, 500)),
    redisUrl: values.redis,
  };
}

// ---------------------------------------------------------------------------------------------
// Data and server

function prepareData(databaseUrl: string, mediaDir: string, articles: number): Promise<{ hot: string; tail: string[]; postgres: string }> {
  return prepareDemoData(databaseUrl, mediaDir, articles, async (knex) => {
    const { rows } = (await knex.raw(
      `select id from article where status = 'PUBLISHED' and published_at <= now() and deleted_at is null order by published_at desc, id`,
    )) as { rows: { id: string }[] };
    if (rows.length < 2) throw new Error(`only ${rows.length} public article(s): nothing to spread views over`);
    // The newest article is the hot one (a breaking story); every other public article is the tail.
    return { hot: rows[0].id, tail: rows.slice(1).map((row) => row.id) };
  });
}

interface Server {
  child: Child;
  host: string;
  port: number;
}

async function startServer(name: string, workDir: string, databaseUrl: string, options: Options): Promise<Server> {
  const port = await freePort();
  // `ts-node --swc` (no type check), as `npm run dev`: the server is this very process, so a SIGKILL hits it.
  const child = startChild(name, [require.resolve('ts-node/dist/bin.js', { paths: [ROOT] }), '--swc', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...bulletinEnv({ databaseUrl, pool: options.pool, port, workDir }), ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}) },
    echo: true,
  });
  await waitForReadyz(child, port);
  return { child, host: '127.0.0.1', port };
}

// ---------------------------------------------------------------------------------------------

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function viewLoad(server: Server, options: Options, picker: () => string, pathOf: (i: number) => ViewPath, prefix: string, extra: { durationMs?: number; warmupMs?: number; stop?: Promise<void> } = {}) {
  return runViewLoad({
    host: server.host,
    port: server.port,
    connections: options.connections,
    pathOf,
    pickArticle: picker,
    visitorPrefix: `${process.pid}-${prefix}`,
    warmupMs: extra.warmupMs ?? options.warmupS * 1000,
    durationMs: extra.durationMs ?? options.durationS * 1000,
    stop: extra.stop,
  });
}

async function main(argv: string[]): Promise<void> {
  const options = await optionsOrExit(USAGE, () => parseOptions(argv));
  const started = performance.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bulletin-bench-views-${process.pid}-`));
  onCleanup('remove the work directory', () => fs.rmSync(workDir, { recursive: true, force: true }));

  await reportLeftovers('bulletin_bench_views');
  const databaseUrl = await createScratchDatabase('bulletin_bench_views');
  log(`created the scratch database ${new URL(databaseUrl).pathname.slice(1)}; migrating, seeding, ${options.articles} demo articles…`);
  const data = await prepareData(databaseUrl, path.join(workDir, 'media'), options.articles);
  log(`data ready: hot article ${data.hot}, tail of ${data.tail.length} articles`);
  const pick = () => (Math.random() < 0.5 ? data.hot : data.tail[Math.floor(Math.random() * data.tail.length)]);

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  onCleanup('close the checking connection', () => db.end());

  let server = await startServer('bulletin', workDir, databaseUrl, options);
  const loadBefore = os.loadavg()[0];

  log(`{ __typename }: ${options.warmupS} s warm-up + ${options.durationS} s, ${options.connections} connections…`);
  const typename = await runLoad({
    host: server.host,
    port: server.port,
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: TYPENAME,
    connections: options.connections,
    warmupMs: options.warmupS * 1000,
    durationMs: options.durationS * 1000,
    accept: (body) => body.includes('"__typename":"Query"'),
  });

  const before = await stored(db);
  const acknowledged = new Map<string, number>();
  const runs: { name: string; path: ViewPath; result: ViewLoadResult }[] = [];
  for (const viewPath of ['graphql', 'beacon'] as const) {
    log(`views through ${viewPath}: ${options.warmupS} s warm-up + ${options.durationS} s, ${options.connections} connections…`);
    const result = await viewLoad(server, options, pick, () => viewPath, viewPath);
    mergeAcknowledged(acknowledged, result.acknowledgedByArticle);
    runs.push({ name: viewPath === 'graphql' ? 'recordArticleView (GraphQL)' : 'POST /views/:id (beacon)', path: viewPath, result });
  }
  const after = await stored(db);
  const acknowledgedTotal = [...acknowledged.values()].reduce((sum, n) => sum + n, 0);
  const mismatches = perArticleMismatches(before, after, acknowledged);
  const exact = after.total - before.total === acknowledgedTotal && after.daily - before.daily === acknowledgedTotal && mismatches.length === 0;

  // The SIGKILL run: both paths at once, the server killed without warning in the middle.
  log(`SIGKILL run: both paths, ${options.connections} connections, kill after ${options.killAfterS} s…`);
  const beforeKill = await stored(db);
  let killed!: () => void;
  const stop = new Promise<void>((resolve) => (killed = resolve));
  const killRun = viewLoad(server, options, pick, (i) => (i % 2 === 0 ? 'graphql' : 'beacon'), 'kill', { warmupMs: 0, durationMs: 600_000, stop });
  await new Promise((resolve) => setTimeout(resolve, options.killAfterS * 1000));
  const pid = server.child.process.pid;
  server.child.process.kill('SIGKILL');
  killed();
  await server.child.exited;
  const killResult = await Promise.race([killRun, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the load did not stop after the kill')), 30_000))]);
  log(`killed pid ${pid} (${server.child.process.signalCode}); restarting…`);
  const restartedAt = performance.now();
  server = await startServer('bulletin-restarted', workDir, databaseUrl, options);
  const restartMs = performance.now() - restartedAt;
  const afterKill = await stored(db);
  const killAck = killResult.acknowledged;
  const killStored = afterKill.total - beforeKill.total;
  const killDaily = afterKill.daily - beforeKill.daily;
  // A request whose batch committed just before the kill, but whose answer never left: stored, not acknowledged.
  const killOk = killStored >= killAck && killStored <= killAck + killResult.cutOff && killDaily === killStored;
  // And the restarted server counts again, exactly.
  const confirmBefore = await stored(db);
  const confirm = await viewLoad(server, options, pick, (i) => (i % 2 === 0 ? 'graphql' : 'beacon'), 'confirm', { warmupMs: 0, durationMs: 2000 });
  const confirmAfter = await stored(db);
  const confirmExact = confirmAfter.total - confirmBefore.total === confirm.acknowledged && perArticleMismatches(confirmBefore, confirmAfter, confirm.acknowledgedByArticle).length === 0;
  await stopChild(server.child);
  const loadAfter = os.loadavg()[0];

  // ---------------------------------------------------------------------------------------------
  const cpus = os.cpus();
  console.log('');
  console.log(`View counting benchmark — ${new Date().toISOString()}`);
  console.log(`  ${options.connections} keep-alive connections, closed loop, ${options.warmupS} s warm-up + ${options.durationS} s measured per phase; every request a new visitor`);
  console.log(`  articles: 50 % of views on one hot article, 50 % spread over ${data.tail.length} others; server: ts-node --swc src/main.ts, NODE_ENV=production, DB_POOL_MAX=${options.pool}, dedupe ${options.redisUrl ? 'in Redis' : 'in process'}, VIEW_BATCH_MS=5`);
  console.log(`  Node ${process.version}, ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), PostgreSQL ${data.postgres}; server, database and load generator share the machine`);
  console.log(
    `  machine load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after` +
      (Math.max(loadBefore, loadAfter) > cpus.length + 1 ? ' — other work was sharing the CPUs: figures are noisy' : ''),
  );
  console.log('');
  const rows = [
    ['', 'acknowledged/s', 'p50 ms', 'p99 ms', 'false', 'errors', '÷ __typename'],
    ['{ __typename } (baseline)', fmt(typename.requestsPerSecond), fmt(typename.latency.p50, 2), fmt(typename.latency.p99, 2), '', String(typename.errors), '1.00'],
    ...runs.map(({ name, path: viewPath, result }) => {
      const stats = result.byPath[viewPath];
      return [name, fmt(stats.perSecond), fmt(stats.p50, 2), fmt(stats.p99, 2), String(stats.refused), String(stats.errors), fmt(stats.perSecond / typename.requestsPerSecond, 2)];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')}`);
  for (const { name, result } of runs) if (result.errorSamples.length > 0) console.log(`  ${name} errors, first ones: ${result.errorSamples.join(' | ')}`);
  console.log('');
  console.log(`Exactness (both view phases, warm-ups included): ${acknowledgedTotal} acknowledged`);
  console.log(`  article.view_count: +${after.total - before.total}; article_views_daily: +${after.daily - before.daily}; per article: ${mismatches.length === 0 ? 'every article matches' : mismatches.join('; ')}`);
  console.log(`  ${exact ? 'EXACT' : 'MISMATCH'}: stored == acknowledged`);
  console.log('');
  console.log(`SIGKILL after ${options.killAfterS} s of mixed load (pid ${pid}):`);
  console.log(`  acknowledged (true answers received before the kill): ${killAck}`);
  console.log(`  requests in flight at the kill (sent, answer cut off): ${killResult.cutOff}`);
  console.log(`  stored after restart: article.view_count +${killStored}, article_views_daily +${killDaily}`);
  console.log(`  stored − acknowledged = ${killStored - killAck}: views whose batch committed but whose answer the kill cut off (must be between 0 and ${killResult.cutOff})`);
  console.log(`  ${killOk ? 'OK' : 'FAILED'}: acknowledged ≤ stored ≤ acknowledged + cut off, and the two tables agree — no acknowledged view lost, no phantom count`);
  console.log(`  restart: ready in ${fmt(restartMs)} ms; 2 s of load afterwards: ${confirm.acknowledged} acknowledged, ${confirmAfter.total - confirmBefore.total} stored — ${confirmExact ? 'EXACT' : 'MISMATCH'}`);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; cleaning up`);
  if (!exact || !killOk || !confirmExact) process.exitCode = 1;
  if (running(server.child)) await stopChild(server.child);
}

exitOnSignals();
runMain(() => main(process.argv.slice(2)));
