import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { formatHeapSummary, formatSummary, readProfile, summarizeHeapProfile, summarizeProfile } from './cpu-profile';
import { bulletinEnv, prepareDemoData, PUBLIC_URL, ROOT, waitForReadyz } from './lib/bulletin';
import { childFailure, exitOnCrashOrOrphan, exitOnSignals, freePort, log, onCleanup, optionsOrExit, running, runMain, startChild, waitUntil, type Child } from './lib/processes';
import { createScratchDatabase, reportLeftovers } from './lib/scratch-db';
import { runLoad, type LoadResult } from './load';

/** The flags `npm start` and the Dockerfile run the server with: measure what production runs. */
const PRODUCTION_NODE_OPTIONS = '--max-semi-space-size=32';

const USAGE = `Usage: npm run bench -- [--articles N] [--connections C] [--duration S] [--warmup S] [--pool P]
                         [--rounds R] [--profile] [--bulletin-node-options=FLAGS]

The homepage query against Bulletin (compiled with tsc, NODE_ENV=production) and against a raw
node:http + pg floor answering the same JSON, on the same data, one after the other; both run as
child processes, the closed-loop load generator runs in this one.

  --articles N      demo articles to generate (default 2000), on top of the bulletin seed
  --connections C   concurrent keep-alive connections, closed loop (default 32)
  --duration S      measured seconds per server (default 10)
  --warmup S        warm-up seconds per server, not counted (default 3)
  --pool P          database pool size of both servers (default 10, Bulletin's DB_POOL_MAX default)
  --rounds R        measure Bulletin then raw R times (default 1) and report the median ratio: on a
                    machine shared with other work, alternating evens out background load
  --profile         profile both servers during their (first) measured window: V8 CPU sampling and
                    sampling heap profiler; prints where the time and the allocations go and keeps
                    the .cpuprofile/.heapprofile files in the temp dir (figures a little low)
  --bulletin-node-options "FLAGS"
                    node flags for the Bulletin server only (default: what npm start uses,
                    --max-semi-space-size=32; write it with "=": --bulletin-node-options=--max-semi-space-size=64)

Data goes to a scratch database bulletin_bench_<pid> on postgres://postgres@127.0.0.1:5432 (dropped
at the end), or to BENCH_DATABASE_URL when set (kept).`;

const HOMEPAGE_QUERY =
  '{ articles(first: 20) { nodes { id slug title excerpt publishedAt category { name slug } author { displayName } coverImage { url width height } } } }';

interface Options {
  articles: number;
  connections: number;
  durationS: number;
  warmupS: number;
  pool: number;
  /** Bulletin then raw, this many times: shared machines drift, alternating evens it out. */
  rounds: number;
  profile: boolean;
  /** Extra node flags for the Bulletin server only (experiments, e.g. --max-semi-space-size=64). */
  bulletinNodeOptions: string[];
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      articles: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      pool: { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'boolean' },
      'bulletin-node-options': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return value;
  };
  return {
    articles: int('articles', values.articles, 2000, 0, 1_000_000),
    connections: int('connections', values.connections, 32, 1, 10_000),
    durationS: int('duration', values.duration, 10, 1, 3600),
    warmupS: int('warmup', values.warmup, 3, 0, 600),
    pool: int('pool', values.pool, 10, 1, 500),
    rounds: int('rounds', values.rounds, 1, 1, 100),
    profile: values.profile ?? false,
    bulletinNodeOptions: (values['bulletin-node-options'] ?? PRODUCTION_NODE_OPTIONS).split(/\s+/).filter((flag) => flag !== ''),
  };
}

interface DataFacts {
  inserted: number;
  publicArticles: number;
  totalArticles: number;
  postgres: string;
}

/** Migrations (MikroORM migrator), the bulletin seed, then N demo articles. */
function prepareData(databaseUrl: string, mediaDir: string, articles: number): Promise<DataFacts> {
  return prepareDemoData(databaseUrl, mediaDir, articles, async (knex, inserted) => {
    const [counts] = (
      await knex.raw(`select count(*) filter (where status = 'PUBLISHED' and published_at <= now() and deleted_at is null) as public, count(*) as total from article`)
    ).rows as { public: string; total: string }[];
    return { inserted, publicArticles: Number(counts.public), totalArticles: Number(counts.total) };
  });
}

// ---------------------------------------------------------------------------------------------
// Servers

/** tsc into the work dir, as `npm run build` does, without touching the checkout's dist/. */
function startBuild(workDir: string): Child {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  return startChild('tsc', [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(workDir, 'dist')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    echo: false,
  });
}

/**
 * A preload for both servers (written as plain JS: the compiled server loads no TypeScript). It stops
 * the server gracefully when the bench goes away, even after a SIGKILL (the IPC channel closes), and
 * starts/stops the V8 profiler on request so that a profile covers the measured window only.
 */
const AGENT_SOURCE = `'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');
let session;
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  const reply = (body) => process.connected && process.send(body);
  if (message.type === 'profile-start') {
    session = new inspector.Session();
    session.connect();
    (async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: message.intervalUs });
      await post('HeapProfiler.enable');
      // Every allocation the sampler sees, also those the GC has collected since: what makes the GC work.
      await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      await post('Profiler.start');
    })().then(() => reply({ type: 'profile-started' }), (error) => reply({ type: 'profile-started', error: String(error) }));
  } else if (message.type === 'profile-stop') {
    (async () => {
      const { profile } = await post('Profiler.stop');
      const heap = await post('HeapProfiler.stopSampling');
      fs.writeFileSync(message.file, JSON.stringify(profile));
      fs.writeFileSync(message.heapFile, JSON.stringify(heap.profile));
      session.disconnect();
    })().then(() => reply({ type: 'profile-stopped' }), (error) => reply({ type: 'profile-stopped', error: String(error) }));
  }
});
`;

function writeAgent(workDir: string): string {
  const file = path.join(workDir, 'bench-agent.js');
  if (!fs.existsSync(file)) fs.writeFileSync(file, AGENT_SOURCE);
  return file;
}

/** Sends a message to a server's agent and waits for the reply of the given type. */
function ask(child: Child, message: Record<string, unknown>, replyType: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.process.off('message', onMessage);
      reject(new Error(`${child.name}: no ${replyType} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (reply: { type?: string; error?: string }) => {
      if (reply?.type !== replyType) return;
      clearTimeout(timer);
      child.process.off('message', onMessage);
      if (reply.error) reject(new Error(`${child.name}: ${reply.error}`));
      else resolve();
    };
    child.process.on('message', onMessage);
    child.process.send(message);
  });
}

interface Server {
  name: string;
  url: string;
  child: Child;
}

async function startBulletin(workDir: string, databaseUrl: string, options: Options): Promise<Server> {
  const port = await freePort();
  const args = [...options.bulletinNodeOptions, '-r', writeAgent(workDir), path.join(workDir, 'dist', 'src', 'main.js')];
  const child = startChild('bulletin', args, { cwd: workDir, env: bulletinEnv({ databaseUrl, pool: options.pool, port, workDir }), echo: true, ipc: true });
  await waitForReadyz(child, port);
  return { name: 'bulletin', url: `http://127.0.0.1:${port}/graphql`, child };
}

async function startRaw(workDir: string, databaseUrl: string, options: Options): Promise<Server> {
  // `ts-node --swc` (no type check, as bench/views.ts starts Bulletin): `-r ts-node/register` ignores
  // TS_NODE_SWC in ts-node 10 and type-checks the whole program first (20–30 s).
  const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [ROOT] });
  const child = startChild('raw-pg', [tsNode, '--swc', '-r', writeAgent(workDir), path.join(__dirname, 'raw-pg-server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: String(options.pool),
      PUBLIC_URL,
      HOST: '127.0.0.1',
      PORT: '0',
    },
    echo: true,
    ipc: true,
  });
  let port = 0;
  child.process.on('message', (message: { ready?: boolean; port?: number }) => {
    if (message.ready && message.port) port = message.port;
  });
  await waitUntil(child, 'report its port', async () => port !== 0, 60_000);
  return { name: 'raw-pg', url: `http://127.0.0.1:${port}/graphql`, child };
}

interface HomepageNode {
  id: string;
}

async function homepage(server: Server): Promise<{ nodes: HomepageNode[]; bytes: number }> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: HOMEPAGE_QUERY }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.name} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { data?: { articles?: { nodes?: HomepageNode[] } }; errors?: unknown };
  if (body.errors || !Array.isArray(body.data?.articles?.nodes)) throw new Error(`${server.name} answered with errors: ${text.slice(0, 500)}`);
  return { nodes: body.data.articles.nodes, bytes: Buffer.byteLength(text) };
}

/** Same ids in the same order, and the same JSON for every node: otherwise the comparison means nothing. */
async function verify(bulletin: Server, raw: Server, publicArticles: number): Promise<number> {
  const [ours, floor] = await Promise.all([homepage(bulletin), homepage(raw)]);
  const expected = Math.min(20, publicArticles);
  if (ours.nodes.length !== expected) throw new Error(`Bulletin returned ${ours.nodes.length} articles, expected ${expected}`);
  const ids = (nodes: HomepageNode[]) => nodes.map((node) => node.id).join(',');
  if (ids(ours.nodes) !== ids(floor.nodes)) {
    throw new Error(`MISMATCH: the servers return different articles.\n  bulletin: ${ids(ours.nodes)}\n  raw-pg:   ${ids(floor.nodes)}`);
  }
  for (let i = 0; i < ours.nodes.length; i++) {
    const a = JSON.stringify(ours.nodes[i]);
    const b = JSON.stringify(floor.nodes[i]);
    if (a !== b) throw new Error(`MISMATCH in article ${i + 1} (${ours.nodes[i].id}):\n  bulletin: ${a}\n  raw-pg:   ${b}`);
  }
  if (ours.bytes !== floor.bytes) log(`note: same nodes, response sizes differ (bulletin ${ours.bytes} B, raw-pg ${floor.bytes} B)`);
  return ours.bytes;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc): server process and the PostgreSQL backends of the bench database

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms, or undefined when /proc cannot tell (not Linux, gone, remote). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return undefined;
  }
}

interface CpuSnapshot {
  at: number;
  server: number | undefined;
  /** backend pid → CPU ms; undefined when the backends are not local processes. */
  backends: Map<number, number> | undefined;
  client: NodeJS.CpuUsage;
}

interface CpuFigures {
  /** Server process CPU per completed request, ms. */
  serverMsPerRequest: number | undefined;
  /** Server process CPU as a share of one core, %. */
  serverPercent: number | undefined;
  /** PostgreSQL backends' CPU per completed request, ms. */
  dbMsPerRequest: number | undefined;
  dbPercent: number | undefined;
  /** This process (the load generator), % of one core. */
  clientPercent: number;
}

class CpuMeter {
  /** Backend pids are only this machine's processes when the database is local. */
  private readonly local: boolean;

  constructor(
    private readonly db: Client,
    databaseUrl: string,
  ) {
    this.local = ['localhost', '127.0.0.1', '[::1]', ''].includes(new URL(databaseUrl).hostname);
  }

  async snapshot(server: Server): Promise<CpuSnapshot> {
    const serverCpu = server.child.process.pid ? processCpuMs(server.child.process.pid) : undefined;
    if (!this.local) return { at: performance.now(), server: serverCpu, backends: undefined, client: process.cpuUsage() };
    const { rows } = await this.db.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    let backends: Map<number, number> | undefined = new Map();
    for (const { pid } of rows) {
      const cpu = processCpuMs(pid);
      if (cpu === undefined) {
        backends = undefined;
        break;
      }
      backends.set(pid, cpu);
    }
    return { at: performance.now(), server: serverCpu, backends, client: process.cpuUsage() };
  }

  static figures(start: CpuSnapshot, end: CpuSnapshot, requests: number): CpuFigures {
    const wallMs = end.at - start.at;
    const server = start.server !== undefined && end.server !== undefined ? end.server - start.server : undefined;
    let db: number | undefined;
    if (start.backends && end.backends) {
      db = 0;
      // A backend born during the window counts from zero (its start-up is part of the load).
      for (const [pid, cpu] of end.backends) db += cpu - (start.backends.get(pid) ?? 0);
    }
    const client = process.cpuUsage(start.client);
    const per = (ms: number | undefined) => (ms === undefined || requests === 0 ? undefined : ms / requests);
    const pct = (ms: number | undefined) => (ms === undefined ? undefined : (ms / wallMs) * 100);
    return {
      serverMsPerRequest: per(server),
      serverPercent: pct(server),
      dbMsPerRequest: per(db),
      dbPercent: pct(db),
      clientPercent: pct((client.user + client.system) / 1000) as number,
    };
  }
}

/** The sampling heap profile written next to a CPU profile. */
function heapFileOf(cpuProfile: string): string {
  return cpuProfile.replace(/\.cpuprofile$/, '.heapprofile');
}

interface Measurement {
  name: string;
  /** Display name: the server, with the round when there are several. */
  label: string;
  result: LoadResult;
  cpu: CpuFigures;
  profile?: string;
}

async function measure(server: Server, options: Options, meter: CpuMeter, profileFile: string | undefined, label: string): Promise<Measurement> {
  const url = new URL(server.url);
  log(`${label}: ${options.warmupS} s warm-up + ${options.durationS} s measured, ${options.connections} connections${profileFile ? ', profiled' : ''}…`);
  let started: Promise<CpuSnapshot> | undefined;
  const result = await runLoad({
    host: url.hostname,
    port: Number(url.port),
    method: 'POST',
    path: url.pathname,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: HOMEPAGE_QUERY }),
    connections: options.connections,
    warmupMs: options.warmupS * 1000,
    durationMs: options.durationS * 1000,
    accept: (body) => body.indexOf('"errors":') < 0,
    onMeasureStart: () => {
      started = (async () => {
        if (profileFile) await ask(server.child, { type: 'profile-start', intervalUs: 500 }, 'profile-started');
        return meter.snapshot(server);
      })();
      started.catch(() => undefined); // awaited below
    },
  });
  if (!running(server.child)) throw childFailure(server.child, 'exited during the load run');
  if (!started) throw new Error('the measured window never started');
  const start = await started;
  const end = await meter.snapshot(server);
  if (profileFile) await ask(server.child, { type: 'profile-stop', file: profileFile, heapFile: heapFileOf(profileFile) }, 'profile-stopped');
  return { name: server.name, label, result, cpu: CpuMeter.figures(start, end, result.requests), profile: profileFile };
}

// ---------------------------------------------------------------------------------------------

function formatTable(rows: Measurement[]): string {
  const header = ['server', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'server CPU', 'ms CPU/req', 'db CPU', 'db ms/req'];
  const fixed = (value: number | undefined, digits: number, suffix = '') => (value === undefined ? 'n/a' : `${value.toFixed(digits)}${suffix}`);
  const body = rows.map(({ label, result, cpu }) => [
    label,
    result.requestsPerSecond.toFixed(0),
    result.latency.p50.toFixed(2),
    result.latency.p90.toFixed(2),
    result.latency.p99.toFixed(2),
    result.latency.max.toFixed(1),
    String(result.requests),
    String(result.errors),
    fixed(cpu.serverPercent, 0, ' %'),
    fixed(cpu.serverMsPerRequest, 2),
    fixed(cpu.dbPercent, 0, ' %'),
    fixed(cpu.dbMsPerRequest, 2),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const options = await optionsOrExit(USAGE, () => parseOptions(argv));
  const started = performance.now();

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bulletin-bench-${process.pid}-`));
  onCleanup('remove the work directory', () => fs.rmSync(workDir, { recursive: true, force: true }));
  // The compiled tree under workDir/dist resolves its packages through this link.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
  const mediaDir = path.join(workDir, 'media');

  log('compiling Bulletin with tsc (tsconfig.build.json) in the background…');
  const build = startBuild(workDir);

  let databaseUrl = process.env.BENCH_DATABASE_URL;
  if (databaseUrl) {
    log(`using BENCH_DATABASE_URL (kept afterwards)`);
  } else {
    await reportLeftovers('bulletin_bench', 'bulletin-bench');
    databaseUrl = await createScratchDatabase('bulletin_bench');
    log(`created the scratch database ${new URL(databaseUrl).pathname.slice(1)}`);
  }
  log(`migrating, seeding and generating ${options.articles} demo articles…`);
  const facts = await prepareData(databaseUrl, mediaDir, options.articles);
  log(`data ready: ${facts.totalArticles} articles (${facts.publicArticles} public; ${facts.inserted} generated now)`);

  await build.exited;
  if (build.process.exitCode !== 0) throw childFailure(build, 'failed to compile Bulletin');
  log(`compiled; starting the servers`);

  const bulletin = await startBulletin(workDir, databaseUrl, options);
  const raw = await startRaw(workDir, databaseUrl, options);
  const responseBytes = await verify(bulletin, raw, facts.publicArticles);
  log(`verified: both servers return the same ${Math.min(20, facts.publicArticles)} articles in the same order, node for node (${responseBytes} B response)`);

  const meterDb = new Client({ connectionString: databaseUrl });
  await meterDb.connect();
  onCleanup('close the metering connection', () => meterDb.end());
  const meter = new CpuMeter(meterDb, databaseUrl);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const profileFile = (name: string) => (options.profile ? path.join(os.tmpdir(), `bulletin-homepage-${stamp}-${name}.cpuprofile`) : undefined);

  const loadBefore = os.loadavg()[0];
  const results: Measurement[] = [];
  const pairs: [Measurement, Measurement][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const suffix = options.rounds > 1 ? ` #${round}` : '';
    // Profiles cover the first round only.
    const ours = await measure(bulletin, options, meter, round === 1 ? profileFile('bulletin') : undefined, `bulletin${suffix}`);
    const floor = await measure(raw, options, meter, round === 1 ? profileFile('raw-pg') : undefined, `raw-pg${suffix}`);
    results.push(ours, floor);
    pairs.push([ours, floor]);
  }
  const loadAfter = os.loadavg()[0];

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const cpus = os.cpus();
  console.log('');
  console.log(`Homepage query benchmark — ${new Date().toISOString()}`);
  console.log(
    `  articles: ${facts.totalArticles} in the database (${options.articles} generated + the bulletin seed; ${facts.publicArticles} public), page of ${Math.min(20, facts.publicArticles)}, ${responseBytes} B response`,
  );
  console.log(
    `  load: closed loop, ${options.connections} keep-alive connections, ${options.warmupS} s warm-up + ${options.durationS} s measured per server` +
      `${options.rounds > 1 ? `, ${options.rounds} alternating rounds` : ''}, DB pool ${options.pool} per server`,
  );
  console.log(`  Node ${process.version}, ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), PostgreSQL ${facts.postgres}, ${os.platform()} ${os.arch()}`);
  const extraFlags = options.bulletinNodeOptions.length > 0 ? `, node ${options.bulletinNodeOptions.join(' ')}` : '';
  console.log(`  bulletin: compiled build (tsc), NODE_ENV=production, LOG_LEVEL=warn${extraFlags}; raw-pg: node:http + pg, one prepared SQL statement`);
  console.log(
    `  load generator CPU: ${median(results.filter((m) => m.name === 'bulletin').map((m) => m.cpu.clientPercent)).toFixed(0)} % (bulletin runs) / ` +
      `${median(results.filter((m) => m.name === 'raw-pg').map((m) => m.cpu.clientPercent)).toFixed(0)} % (raw-pg runs) of a core; machine load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after` +
      (Math.max(loadBefore, loadAfter) > cpus.length + 1 ? ' — other work was sharing the CPUs: figures are noisy' : ''),
  );
  if (options.profile) console.log('  profiled: both servers ran under the V8 sampling profiler during their measured window (figures a little low)');
  console.log('');
  console.log(formatTable(results));
  console.log('');
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  const ratios = (pick: (m: Measurement) => number | undefined) => {
    const values = pairs.map(([a, b]) => ratio(pick(a), pick(b))).filter((value): value is number => value !== undefined);
    return values.length === pairs.length ? values : undefined;
  };
  const describe = (values: number[] | undefined, format: (value: number) => string) => {
    if (!values) return 'n/a';
    if (values.length === 1) return format(values[0]);
    return `${format(median(values))} (median of ${values.length}; ${format(Math.min(...values))}–${format(Math.max(...values))})`;
  };
  console.log(
    `Bulletin / raw: ${describe(ratios((m) => m.result.requestsPerSecond), (v) => `${(v * 100).toFixed(1)} %`)} of the raw throughput; ` +
      `p50 ${describe(ratios((m) => m.result.latency.p50), (v) => `×${v.toFixed(2)}`)}, p99 ${describe(ratios((m) => m.result.latency.p99), (v) => `×${v.toFixed(2)}`)}; ` +
      `server CPU per request ${describe(ratios((m) => m.cpu.serverMsPerRequest), (v) => `×${v.toFixed(1)}`)}, ` +
      `database CPU per request ${describe(ratios((m) => m.cpu.dbMsPerRequest), (v) => `×${v.toFixed(1)}`)}`,
  );
  for (const { label, result } of results) {
    if (result.errors > 0) console.log(`  ${label} errors, first ones: ${result.errorSamples.join(' | ')}`);
  }
  for (const { name, profile, result } of results) {
    if (!profile) continue;
    const full = name === 'bulletin';
    const summary = summarizeProfile(readProfile(profile));
    const heap = summarizeHeapProfile(JSON.parse(fs.readFileSync(heapFileOf(profile), 'utf8')) as Parameters<typeof summarizeHeapProfile>[0]);
    console.log(`\n=== ${name}: where its main thread spent the measured window ===\n`);
    console.log(formatSummary(full ? summary : { ...summary, selfByFunction: summary.selfByFunction.slice(0, 10), inclusiveByFunction: [] }));
    console.log('');
    console.log(formatHeapSummary(full ? heap : { ...heap, byFunction: heap.byFunction.slice(0, 8), inclusiveByFunction: [] }, result.requests));
    console.log(`\nProfiles kept: ${profile} and ${heapFileOf(profile)}`);
    console.log(`  (Chrome DevTools › Performance / Memory › Load profile, or: npx ts-node --swc bench/cpu-profile.ts <file> [top])`);
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; cleaning up`);
}

exitOnSignals();
exitOnCrashOrOrphan();
runMain(() => main(process.argv.slice(2)));
