import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { formatSummary, readProfile, summarizeProfile } from './cpu-profile';
import { beginRun, finishRun, measureSaturation, type Run } from './lib/phases';
import { measureViews } from './lib/beacon';
import { WRK_INSTALL_HINT } from './lib/generator';
import { measureWindow } from './lib/measure';
import { ask, peerCounts, type Peer } from './lib/peers';
import { exitOnCrashOrOrphan, exitOnSignals, log, optionsOrExit, runMain } from './lib/processes';
import { median, summarize } from './lib/report';
import { parseOptions, USAGE } from './options';
import { SATURATION_WORKLOADS, STATEMENT_WORKLOADS, WORKLOADS, type WorkloadId } from './workloads';

/**
 * `npm run bench`: sets up the data and the peers and checks their answers (lib/phases.ts), then
 * measures each workload — alternating saturation rounds, p99 at half of Bulletin's saturation
 * rate, statements per request for W1-40/W1-deep, view beacons — and writes the report.
 */

const bodiesOf = (run: Run, workload: Exclude<WorkloadId, 'W5'>, peer: Peer) => WORKLOADS[workload].bodies(peer.id, run.inputs).map((body) => JSON.stringify(body));

async function profileWindow(run: Run, workload: Exclude<WorkloadId, 'W5'>, bulletin: Peer): Promise<void> {
  const file = path.join(os.tmpdir(), `bulletin-bench-${run.stamp}-${workload}.cpuprofile`);
  const request = { name: `${workload}-P3`, url: `${bulletin.origin}/graphql`, bodies: bodiesOf(run, workload, bulletin), connections: run.options.connections, durationS: run.options.durationS };
  log(`${workload} P3: profiled window (${run.options.durationS} s, not in the figures)…`);
  await ask(bulletin.child, { type: 'profile-start', intervalUs: 500 }, 'profile-started');
  const window = await measureWindow(bulletin, { workload, kind: 'profile', round: 0 }, run.backends, () => run.generators.closedLoop(request));
  await ask(bulletin.child, { type: 'profile-stop', file, heapFile: file.replace(/\.cpuprofile$/, '.heapprofile') }, 'profile-stopped');
  const summary = summarizeProfile(readProfile(file), 20);
  run.profile.push({
    workload,
    file,
    summary: `${window.load.requests} requests in the window (${window.load.requestsPerSecond.toFixed(0)}/s under the profiler)\n${formatSummary({ ...summary, inclusiveByFunction: summary.inclusiveByFunction.slice(0, 15) })}`,
  });
}

async function main(argv: string[]): Promise<void> {
  const options = await optionsOrExit(USAGE, () => parseOptions(argv));
  if (options.generator === 'autocannon') log(`closed loop by autocannon${fs.existsSync('/usr/bin/wrk') ? '' : ` (wrk is not installed: ${WRK_INSTALL_HINT}; autocannon takes about twice its CPU per request)`}`);
  const run = await beginRun(options);
  const bulletin = run.peers.get('P3');

  for (const workload of SATURATION_WORKLOADS.filter((id) => options.workloads.includes(id)) as Exclude<WorkloadId, 'W5'>[]) {
    const peers = WORKLOADS[workload].peers.map((id) => run.peers.get(id)).filter((peer): peer is Peer => peer !== undefined);
    await measureSaturation(run, workload, peers, bodiesOf);
    const ours = summarize(run.windows, workload, 'P3');
    if (ours?.rps && options.fixedDurationS > 0) {
      const rate = ours.rps.median / 2;
      for (const peer of peers) {
        log(`${workload} ${peer.id}: fixed rate ${rate.toFixed(0)} req/s (half of Bulletin's), ${options.fixedDurationS} s, ${options.generator}…`);
        const request = { name: `${workload}-${peer.id}`, url: `${peer.origin}/graphql`, bodies: bodiesOf(run, workload, peer), connections: options.connections, durationS: options.fixedDurationS };
        const window = await measureWindow(peer, { workload, kind: 'fixed-rate', round: 0 }, run.backends, () => run.generators.fixedRate(request, rate));
        log(`  p99 ${window.load.latencyMs.p99} ms at ${window.load.requestsPerSecond.toFixed(0)} req/s achieved`);
        run.windows.push(window);
      }
    }
    if (options.profile && bulletin) await profileWindow(run, workload, bulletin);
  }

  for (const workload of STATEMENT_WORKLOADS.filter((id) => options.workloads.includes(id)) as Exclude<WorkloadId, 'W5'>[]) {
    for (const peer of WORKLOADS[workload].peers.map((id) => run.peers.get(id)).filter((p): p is Peer => p !== undefined)) {
      const request = { name: `${workload}-${peer.id}`, url: `${peer.origin}/graphql`, bodies: bodiesOf(run, workload, peer), connections: options.connections, durationS: 1 };
      await run.generators.closedLoop(request);
      const window = await measureWindow(peer, { workload, kind: 'statements', round: 1 }, run.backends, () => run.generators.closedLoop({ ...request, durationS: options.statementsDurationS }));
      log(`${workload} ${peer.id}: ${window.load.requestsPerSecond.toFixed(0)} req/s, ${window.statementsPerRequest?.toFixed(2)} statements/request`);
      run.windows.push(window);
    }
  }

  if (options.workloads.includes('W5') && bulletin) {
    log(`W5 P3: view beacons, ${options.warmupS} s warm-up + ${options.viewsDurationS} s counted…`);
    const db = new Client({ connectionString: run.databaseUrl });
    await db.connect();
    try {
      run.views = await measureViews(bulletin, run.generators, db, run.backends, {
        ids: run.inputs.viewIds,
        connections: options.viewsConnections,
        warmupS: options.warmupS,
        countForS: options.viewsDurationS,
        visitorPrefix: `${process.pid}`,
      });
    } finally {
      await db.end();
    }
    log(`  ${run.views.viewsPerSecond.toFixed(0)} views/s acknowledged; totals ${run.views.exact ? 'EXACT' : 'MISMATCH'}`);
    if (!run.views.exact) process.exitCode = 1;
  }

  for (const peer of run.peers.values()) {
    const counts = await peerCounts(peer);
    log(`${peer.name}: ${counts.statements} SQL statements with requests in progress, ${counts.responses} HTTP responses, ${counts.background} statements while idle, in all`);
  }
  const wall = finishRun(run);
  log(`done in ${wall.toFixed(0)} s (median Bulletin W1 ${median(run.windows.filter((w) => w.peer === 'P3' && w.workload === 'W1' && w.kind === 'saturation').map((w) => w.load.requestsPerSecond)).toFixed(0)} req/s); cleaning up`);
}

exitOnSignals();
exitOnCrashOrOrphan();
runMain(() => main(process.argv.slice(2)));
