import type { Client } from 'pg';
import type { WorkloadId } from '../workloads';
import type { LoadResult } from './load-result';
import { quietCounts, type Peer, type PeerId } from './peers';
import { peakRssMb, processCpuMs, resetPeakRss } from './proc';

/**
 * One measured window: a load generator run against one peer, with what the peer spent on it —
 * its CPU (/proc/<pid>/stat utime + stime, all threads), the CPU of the database's backends, the
 * SQL statements it sent (its agent's count) and its peak RSS (VmHWM, reset at the window's start).
 */

export type WindowKind = 'saturation' | 'fixed-rate' | 'statements' | 'views' | 'profile';

export interface Window {
  peer: PeerId;
  workload: WorkloadId;
  kind: WindowKind;
  round: number;
  load: LoadResult;
  serverCpuMsPerRequest: number | undefined;
  /** Of one core. */
  serverCpuPercent: number | undefined;
  dbCpuMsPerRequest: number | undefined;
  /** SQL statements sent ÷ HTTP responses finished, both counted inside the peer, from nothing in flight to nothing in flight. */
  statementsPerRequest: number | undefined;
  /** SQL statements sent while no request was in progress during the window. */
  backgroundStatements: number;
  serverResponses: number;
  peakRssMb: number | undefined;
  /** False when VmHWM could not be reset: the peak is then since the process started. */
  peakRssOfWindow: boolean;
  generatorCpuMsPerRequest: number | undefined;
  generatorCpuPercent: number | undefined;
}

/** CPU of the PostgreSQL backends serving the bench database, when they are local processes. */
export class BackendCpu {
  constructor(private readonly db: Client) {}

  async snapshot(): Promise<Map<number, number> | undefined> {
    const { rows } = await this.db.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === undefined) return undefined;
      cpu.set(pid, ms);
    }
    return cpu;
  }

  static delta(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
    if (!before || !after) return undefined;
    let total = 0;
    // A backend born during the window counts from zero (its start-up is part of the load).
    for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
    return total;
  }
}

export async function measureWindow(
  peer: Peer,
  what: { workload: WorkloadId; kind: WindowKind; round: number },
  backends: BackendCpu | undefined,
  run: () => Promise<LoadResult>,
): Promise<Window> {
  const pid = peer.child.process.pid;
  // Opened and closed with nothing in flight: the statements counted are those of the window's requests.
  const countsBefore = await quietCounts(peer);
  const peakReset = resetPeakRss(pid);
  const dbBefore = await backends?.snapshot();
  const cpuBefore = processCpuMs(pid);
  const started = performance.now();
  const load = await run();
  const wallMs = performance.now() - started;
  const cpuAfter = processCpuMs(pid);
  const dbAfter = await backends?.snapshot();
  const countsAfter = await quietCounts(peer);
  const responses = countsAfter.responses - countsBefore.responses;
  const server = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  const db = BackendCpu.delta(dbBefore, dbAfter);
  const per = (ms: number | undefined) => (ms === undefined || load.requests === 0 ? undefined : ms / load.requests);
  const pct = (ms: number | undefined) => (ms === undefined ? undefined : (ms / wallMs) * 100);
  return {
    ...what,
    peer: peer.id,
    load,
    serverCpuMsPerRequest: per(server),
    serverCpuPercent: pct(server),
    dbCpuMsPerRequest: per(db),
    statementsPerRequest: responses === 0 ? undefined : (countsAfter.statements - countsBefore.statements) / responses,
    serverResponses: responses,
    backgroundStatements: countsAfter.background - countsBefore.background,
    peakRssMb: peakRssMb(pid),
    peakRssOfWindow: peakReset,
    generatorCpuMsPerRequest: per(load.generatorCpuMs),
    generatorCpuPercent: pct(load.generatorCpuMs),
  };
}
