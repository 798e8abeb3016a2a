import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { measureViews } from './lib/beacon';
import { bulletinEnv, prepareDemoData, ROOT, waitForReadyz } from './lib/bulletin';
import { LoadGenerators } from './lib/generator';
import { BackendCpu } from './lib/measure';
import type { Peer } from './lib/peers';
import { visible } from './peers/public-sql';
import { exitOnCrashOrOrphan, exitOnSignals, freePort, intOption, log, onCleanup, optionsOrExit, runMain, startChild, stopChild } from './lib/processes';
import { createScratchDatabase, reportLeftovers } from './lib/scratch-db';
import { stored } from './lib/view-totals';

const USAGE = `Usage: npm run bench:views -- [--connections N] [--duration S] [--warmup S] [--articles N] [--kill-after S] [--pool P] [--redis URL]

View counting through the beacon (POST /views/:id) under load from wrk, against one Bulletin
server run from TypeScript (ts-node --swc src/main.ts, NODE_ENV=production; npm run bench's W5
measures the compiled build):
  1. every request a new visitor, half of them on one hot article, the rest over a long tail;
     the stored totals (article.view_count, article_views_daily) must go up by exactly the views
     acknowledged with true;
  2. SIGKILLs the server in the middle of a run, restarts it, and checks that nothing acknowledged
     was lost and nothing was stored beyond the requests whose answers were cut off;
  3. counts exactly again on the restarted server.

  --connections N   concurrent keep-alive connections (default 256: each waits for its view's group commit)
  --duration S      counted seconds (default 10)
  --warmup S        warm-up seconds, counted in the totals, not in the rate (default 2)
  --articles N      demo articles for the long tail (default 500)
  --kill-after S    seconds into the SIGKILL run (default 3)
  --pool P          the server's DB_POOL_MAX (default 10)
  --redis URL       dedupe in Redis (REDIS_URL) instead of in process

Needs wrk (apt-get install -y wrk). Data goes to a scratch database bulletin_bench_views_<pid>, dropped at the end.`;

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
  const int = intOption;
  return {
    connections: int('connections', values.connections, 256, 1, 5000),
    durationS: int('duration', values.duration, 10, 1, 3600),
    warmupS: int('warmup', values.warmup, 2, 0, 600),
    articles: int('articles', values.articles, 500, 2, 100_000),
    killAfterS: int('kill-after', values['kill-after'], 3, 1, 600),
    pool: int('pool', values.pool, 10, 1, 500),
    redisUrl: values.redis,
  };
}

async function startServer(name: string, workDir: string, databaseUrl: string, options: Options): Promise<Peer> {
  const port = await freePort();
  // `ts-node --swc` (no type check): the server is this very process, so a SIGKILL hits it.
  const args = [require.resolve('ts-node/dist/bin.js', { paths: [ROOT] }), '--swc', '-r', path.join(__dirname, 'peers', 'agent.js'), path.join(ROOT, 'src', 'main.ts')];
  const child = startChild(name, args, {
    cwd: ROOT,
    env: { ...bulletinEnv({ databaseUrl, pool: options.pool, port, workDir }), ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}) },
    echo: true,
    ipc: true,
  });
  await waitForReadyz(child, port);
  return { id: 'P3', name, origin: `http://127.0.0.1:${port}`, child };
}

async function main(argv: string[]): Promise<void> {
  const options = await optionsOrExit(USAGE, () => parseOptions(argv));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bulletin-bench-views-${process.pid}-`));
  onCleanup('remove the work directory', () => fs.rmSync(workDir, { recursive: true, force: true }));
  await reportLeftovers('bulletin_bench_views');
  const databaseUrl = await createScratchDatabase('bulletin_bench_views');
  log(`created the scratch database; migrating, seeding, ${options.articles} demo articles…`);
  const { ids } = await prepareDemoData(databaseUrl, path.join(workDir, 'media'), options.articles, async (knex) => ({
    ids: ((await knex.raw(`select id from article where ${visible('article')} order by published_at desc, id desc`)).rows as { id: string }[]).map((row) => row.id),
  }));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  onCleanup('close the checking connection', () => db.end());
  const generators = new LoadGenerators(path.join(workDir, 'load'), 'wrk');
  const backends = new BackendCpu(db);
  const views = (server: Peer, name: string, countForS: number, warmupS: number) =>
    measureViews(server, generators, db, backends, { ids, connections: options.connections, warmupS, countForS, visitorPrefix: `${process.pid}-${name}` });

  let server = await startServer('bulletin', workDir, databaseUrl, options);
  log(`beacons: ${options.warmupS} s warm-up + ${options.durationS} s, ${options.connections} connections…`);
  const first = await views(server, 'first', options.durationS, options.warmupS);

  log(`SIGKILL run: kill after ${options.killAfterS} s…`);
  const beforeKill = await stored(db);
  const killRun = generators.views({ name: 'kill', url: `${server.origin}/`, ids, visitorPrefix: `${process.pid}-kill`, countForS: 600, connections: options.connections, durationS: options.killAfterS + 2 });
  await new Promise((resolve) => setTimeout(resolve, options.killAfterS * 1000));
  const pid = server.child.process.pid;
  server.child.process.kill('SIGKILL');
  await server.child.exited;
  const killed = await killRun;
  log(`killed pid ${pid}; restarting…`);
  const restartedAt = performance.now();
  server = await startServer('bulletin-restarted', workDir, databaseUrl, options);
  const restartMs = performance.now() - restartedAt;
  const afterKill = await stored(db);
  const acknowledged = killed.acknowledged ?? 0;
  const killStored = afterKill.total - beforeKill.total;
  const killDaily = afterKill.daily - beforeKill.daily;
  // A view whose batch committed just before the kill but whose answer never left: stored, not acknowledged.
  // At most one request per connection was in flight at the kill.
  const killOk = killStored >= acknowledged && killStored <= acknowledged + options.connections && killDaily === killStored;
  const confirm = await views(server, 'confirm', 2, 0);

  const fmt = (value: number) => value.toFixed(0);
  console.log('');
  console.log(`Beacon views, ${options.connections} connections, wrk (every request a new visitor; half on the newest article, the rest over ${ids.length - 1} others)`);
  console.log(`  ${fmt(first.viewsPerSecond)} acknowledged views/s; p50 ${first.window.load.latencyMs.p50.toFixed(2)} ms, p99 ${first.window.load.latencyMs.p99.toFixed(2)} ms; server CPU ${first.window.serverCpuPercent?.toFixed(0)} %, wrk CPU ${first.window.generatorCpuPercent?.toFixed(0)} % of a core`);
  console.log(`  wrk: max latency ${first.window.load.latencyMs.max.toFixed(0)} ms, ${first.window.load.requests} answers, ${first.window.load.errors} errors (socket, timeout, non-2xx)`);
  console.log(`  exactness: ${first.acknowledgedWarmup + first.acknowledgedMeasured} acknowledged, ${first.pending} unanswered when wrk stopped; article.view_count +${first.storedViewCountDelta}, article_views_daily +${first.storedDailyDelta}: ${first.exact ? 'EXACT' : 'MISMATCH'}`);
  console.log('');
  console.log(`SIGKILL after ${options.killAfterS} s (pid ${pid}):`);
  console.log(`  acknowledged before the kill: ${acknowledged}; stored: article.view_count +${killStored}, article_views_daily +${killDaily}`);
  console.log(`  stored − acknowledged = ${killStored - acknowledged}: views whose batch committed but whose answer the kill cut off (must be between 0 and ${options.connections}, one request in flight per connection)`);
  console.log(`  ${killOk ? 'OK' : 'FAILED'}: no acknowledged view lost, no phantom count, the two tables agree`);
  console.log(`  restart: ready in ${fmt(restartMs)} ms; 2 s afterwards: ${confirm.acknowledgedMeasured} acknowledged, ${confirm.pending} unanswered, +${confirm.storedViewCountDelta} stored — ${confirm.exact ? 'EXACT' : 'MISMATCH'}`);
  if (!first.exact || !killOk || !confirm.exact) process.exitCode = 1;
  await stopChild(server.child);
}

exitOnSignals();
exitOnCrashOrOrphan();
runMain(() => main(process.argv.slice(2)));
