/** What one load generator run measured, whichever generator ran it. */
export interface LoadResult {
  generator: 'wrk' | 'autocannon';
  /** Responses completed in the run. */
  requests: number;
  /** Socket errors, timeouts and non-2xx answers. */
  errors: number;
  durationS: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** The generator's own CPU (user + system, every thread) over the run, ms. */
  generatorCpuMs: number | undefined;
  /** Beacon runs: answers {"counted":true} (the generator read every body). */
  acknowledged?: number;
  /** Beacon runs: answers {"counted":false}. */
  refused?: number;
  /** Beacon runs: beacons sent whose answer had not come when wrk stopped. */
  pending?: number;
  /** Fixed-rate runs: the rate asked for. */
  offeredRate?: number;
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
export const RESULT_MARK = 'BENCH_RESULT ';

export function resultLine(output: string, what: string): Record<string, number> {
  const line = output.split('\n').find((candidate) => candidate.startsWith(RESULT_MARK));
  if (!line) throw new Error(`${what} printed no result line. Its output:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as Record<string, number>;
}
