import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Options } from '../options';
import { DEEP_PAGES, SEARCH_TERMS, walkBody, walkEndCursor, WORKLOADS, W5_TITLE, type WorkloadId, type WorkloadInputs } from '../workloads';
import { prepareDemoData, ROOT, startBuild } from './bulletin';
import { ask as askGraphql, checkCanned, checkWorkload } from './check';
import { chooseInputs, shapeDataset, type ChosenInputs, type DatasetFacts } from './dataset';
import { LoadGenerators } from './generator';
import { BackendCpu, measureWindow, type Window } from './measure';
import { compilePeers, startPeer, type Peer, type PeerContext, type PeerId } from './peers';
import { cpuPressure, cpuProbeMs, machineFacts } from './proc';
import { childFailure, log, onCleanup } from './processes';
import { markdown, type RunResult, type ViewsResult } from './report';
import { createScratchDatabase, reportLeftovers } from './scratch-db';

/** The run's phases around the measurements: set-up and checks before, results after. */

export interface Run {
  options: Options;
  startedAt: Date;
  stamp: string;
  loadBefore: number[];
  probeBefore: number;
  pressureBefore: number | undefined;
  workDir: string;
  databaseUrl: string;
  postgres: string;
  facts: DatasetFacts;
  inputs: WorkloadInputs & ChosenInputs;
  peers: Map<PeerId, Peer>;
  generators: LoadGenerators;
  backends: BackendCpu | undefined;
  checks: RunResult['checks'];
  windows: Window[];
  views?: ViewsResult;
  profile: NonNullable<RunResult['profile']>;
  notes: string[];
}

async function deepCursor(peer: Peer): Promise<string> {
  let cursor: string | null = null;
  for (let page = 0; page < DEEP_PAGES; page++) {
    cursor = walkEndCursor(peer.id, (await askGraphql(peer, walkBody(peer.id, cursor))).data);
    if (!cursor) throw new Error(`${peer.name}: the walk to page ${DEEP_PAGES} ended at page ${page + 1} (too few articles for W1-deep)`);
  }
  return cursor as string;
}

export async function beginRun(options: Options): Promise<Run> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const probeBefore = cpuProbeMs();
  const pressureBefore = cpuPressure();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `bulletin-bench-${process.pid}-`));
  onCleanup('remove the work directory', () => fs.rmSync(workDir, { recursive: true, force: true }));
  // The compiled trees under workDir resolve their packages through this link.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
  // A deployment's layout: the compiled server finds its project root (and name, version) by it.
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(workDir, 'package.json'));

  log('compiling Bulletin with tsc (tsconfig.build.json) in the background; the peers with swc…');
  const build = startBuild(workDir);
  compilePeers(workDir);

  await reportLeftovers('bulletin_bench', 'bulletin-bench');
  const databaseUrl = await createScratchDatabase('bulletin_bench');
  log(`created ${new URL(databaseUrl).pathname.slice(1)}; migrating, seeding, ${options.articles} demo articles, reshaping them (20 categories, 200 authors, 3–10 KB bodies)…`);
  const data = await prepareDemoData(databaseUrl, path.join(workDir, 'media'), options.articles, async (knex) => {
    const facts = await shapeDataset(knex, options.articles);
    return { facts, chosen: await chooseInputs(knex, options.slugs, SEARCH_TERMS) };
  });
  const { facts, chosen } = data;
  log(`data ready: ${facts.articles} articles (${facts.publicArticles} public), ${facts.categories} categories, ${facts.authors} authors, bodies ${facts.bodyKb.min}–${facts.bodyKb.max} KB`);
  const notes: string[] = [];
  if (chosen.droppedSearches.length > 0) notes.push(`searches left out of W4 (fewer than 20 matches): ${chosen.droppedSearches.join(', ')}`);

  await build.exited;
  if (build.process.exitCode !== 0) throw childFailure(build, 'failed to compile Bulletin');

  const context: PeerContext = { workDir, databaseUrl, pool: options.pool, nodeOptions: options.nodeOptions, bulletinNodeOptions: options.bulletinNodeOptions, p0ResponseFile: path.join(workDir, 'p0-response.json') };
  const peers = new Map<PeerId, Peer>();
  // One at a time; P0 last, once it can be given Bulletin's verified W1 answer.
  for (const id of (['P3', 'P1', 'P2'] as PeerId[]).filter((peer) => options.peers.includes(peer))) {
    log(`starting ${id}…`);
    peers.set(id, await startPeer(id, context));
  }

  const inputs: Run['inputs'] = { ...chosen, categories: chosen.leafCategories, searches: chosen.searches, deepCursors: {} };
  if (options.workloads.includes('W1-deep')) {
    for (const peer of peers.values()) inputs.deepCursors[peer.id] = await deepCursor(peer);
  }
  const checks: RunResult['checks'] = [];
  for (const id of options.workloads.filter((w): w is Exclude<WorkloadId, 'W5'> => w !== 'W5')) {
    const workload = WORKLOADS[id];
    const running = workload.peers.map((peer) => peers.get(peer)).filter((peer): peer is Peer => peer !== undefined);
    if (running.length === 0) continue;
    log(`checking ${id} on ${running.map((peer) => peer.id).join(', ')}…`);
    const result = await checkWorkload(workload, running, inputs);
    checks.push({ workload: id, bodies: result.checked, peers: running.map((peer) => peer.id), meanBytes: result.meanBytes });
    if (id === 'W1' && options.peers.includes('P0') && result.firstAnswer) {
      fs.writeFileSync(context.p0ResponseFile, result.firstAnswer);
      log('starting P0 with the verified W1 answer…');
      const p0 = await startPeer('P0', context);
      await checkCanned(p0, workload.bodies('P3', inputs)[0], result.firstAnswer);
      peers.set('P0', p0);
      checks.at(-1)?.peers.push('P0');
    }
  }
  log('every answer matches');

  const meter = new Client({ connectionString: databaseUrl });
  await meter.connect();
  onCleanup('close the metering connection', () => meter.end());
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(databaseUrl).hostname);
  return {
    options,
    startedAt,
    stamp: startedAt.toISOString().replace(/[:.]/g, '-'),
    loadBefore,
    probeBefore,
    pressureBefore,
    workDir,
    databaseUrl,
    postgres: data.postgres,
    facts,
    inputs,
    peers,
    generators: new LoadGenerators(path.join(workDir, 'load'), options.generator),
    backends: local ? new BackendCpu(meter) : undefined,
    checks,
    windows: [],
    profile: [],
    notes,
  };
}

/** Alternating rounds (forward, then backward, …): a warm-up, then the measured window, per peer. */
export async function measureSaturation(run: Run, workload: Exclude<WorkloadId, 'W5'>, peers: Peer[], bodiesOf: (run: Run, workload: Exclude<WorkloadId, 'W5'>, peer: Peer) => string[]): Promise<void> {
  const { options } = run;
  for (let round = 1; round <= options.rounds; round++) {
    for (const peer of round % 2 === 1 ? peers : [...peers].reverse()) {
      const request = { name: `${workload}-${peer.id}`, url: `${peer.origin}/graphql`, bodies: bodiesOf(run, workload, peer), connections: options.connections, durationS: options.warmupS };
      if (options.warmupS > 0) await run.generators.closedLoop(request);
      const window = await measureWindow(peer, { workload, kind: 'saturation', round }, run.backends, () => run.generators.closedLoop({ ...request, durationS: options.durationS }));
      log(
        `${workload} ${peer.id} round ${round}: ${window.load.requestsPerSecond.toFixed(0)} req/s, p50 ${window.load.latencyMs.p50.toFixed(2)} ms, p99 ${window.load.latencyMs.p99.toFixed(2)} ms, ` +
          `${window.serverCpuMsPerRequest?.toFixed(3)} ms CPU/req, ${window.statementsPerRequest?.toFixed(2)} stmts/req, ${window.load.errors} errors`,
      );
      if (window.load.errors > 0) run.notes.push(`${workload} ${peer.id} round ${round}: ${window.load.errors} errors (socket errors, timeouts or non-2xx)`);
      run.windows.push(window);
    }
  }
}

/** Writes bench/results (latest.md/json and timestamped copies) and prints the report; returns the wall time in s. */
export function finishRun(run: Run): number {
  const wallS = (Date.now() - run.startedAt.getTime()) / 1000;
  const { options } = run;
  const result: RunResult = {
    startedAt: run.startedAt.toISOString(),
    wallS,
    command: `npm run bench${process.argv.slice(2).filter((arg) => arg !== '--').length > 0 ? ` -- ${process.argv.slice(2).filter((arg) => arg !== '--').join(' ')}` : ''}`,
    options: { ...options, outDir: path.relative(ROOT, options.outDir), nodeOptions: options.nodeOptions.join(' ') || '(none)' },
    machine: { ...machineFacts(), postgres: run.postgres },
    loadAverage: { before: run.loadBefore, after: os.loadavg() },
    cpuProbeMs: { before: run.probeBefore, after: cpuProbeMs() },
    cpuPressure: { before: run.pressureBefore, after: cpuPressure() },
    dataset: { ...run.facts, slugs: run.inputs.slugs.length, leafCategories: run.inputs.leafCategories, searches: run.inputs.searches },
    generators: { closedLoop: options.generator, fixedRate: options.generator === 'wrk' ? 'wrk paced by its delay() hook' : 'autocannon overallRate' },
    checks: run.checks,
    windows: run.windows,
    views: run.views,
    profile: run.profile.length > 0 ? run.profile : undefined,
    notes: run.notes,
  };
  const titles: Record<string, string> = { W5: W5_TITLE };
  for (const [id, workload] of Object.entries(WORKLOADS)) titles[id] = workload.title;
  const report = markdown(result, titles);
  fs.mkdirSync(options.outDir, { recursive: true });
  for (const name of ['latest', run.stamp]) {
    fs.writeFileSync(path.join(options.outDir, `${name}.md`), report);
    fs.writeFileSync(path.join(options.outDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(report);
  log(`results: ${path.join(options.outDir, 'latest.md')} and latest.json (copies: ${run.stamp}.md/.json)`);
  return wallS;
}
