import path from 'node:path';
import { resultLine, type LoadResult } from './load-result';
import { runMeasured } from './proc';

/**
 * autocannon 9 in a child process (bench/lib/autocannon-child.js): the fallback when wrk is not
 * installed, and the fixed-rate generator (wrk has no fixed-rate mode, wrk2 is no Debian package).
 * Latencies come in whole milliseconds from autocannon.
 */

export interface AutocannonRun {
  url: string;
  /** One request body, or a file of bodies (one per line) to pick from at random. */
  body?: string;
  bodiesFile?: string;
  connections: number;
  durationS: number;
  /** Requests per second offered in all; absent: closed loop, as fast as the server answers. */
  overallRate?: number;
  onSpawn?: (pid: number | undefined) => void;
}

export async function runAutocannon(run: AutocannonRun): Promise<LoadResult> {
  const { onSpawn, ...config } = run;
  const result = await runMeasured(process.execPath, [path.join(__dirname, 'autocannon-child.js'), JSON.stringify(config)], { onSpawn });
  if (result.code !== 0) throw new Error(`autocannon failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  const r = resultLine(result.stdout, 'autocannon');
  return {
    generator: 'autocannon',
    requests: r.requests,
    errors: r.errors,
    durationS: r.durationS,
    requestsPerSecond: r.requests / r.durationS,
    latencyMs: { p50: r.p50, p90: r.p90, p99: r.p99, max: r.max },
    generatorCpuMs: result.cpuMs,
    offeredRate: run.overallRate,
  };
}
