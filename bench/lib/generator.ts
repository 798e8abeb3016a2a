import fs from 'node:fs';
import path from 'node:path';
import { runAutocannon } from './autocannon';
import type { LoadResult } from './load-result';
import { onPath } from './proc';
import { graphqlScript, runWrk, viewsScript } from './wrk';

/**
 * The load generators, always child processes: wrk for closed-loop and fixed-rate load when it is
 * installed, autocannon otherwise. Scripts and body files are written into the work directory.
 */

export type GeneratorKind = 'wrk' | 'autocannon';

export const WRK_INSTALL_HINT = 'apt-get install -y wrk';

export function defaultGenerator(): GeneratorKind {
  return onPath('wrk') ? 'wrk' : 'autocannon';
}

export interface LoadRequest {
  /** Names the script/body files (one per workload and peer). */
  name: string;
  url: string;
  bodies: string[];
  connections: number;
  durationS: number;
  onSpawn?: (pid: number | undefined) => void;
}

export class LoadGenerators {
  private readonly files = new Map<string, string>();

  constructor(
    private readonly dir: string,
    readonly closedLoopKind: GeneratorKind,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private bodiesFile(request: LoadRequest): string {
    const file = path.join(this.dir, `${request.name}.json-lines`);
    if (!this.files.has(file)) {
      fs.writeFileSync(file, `${request.bodies.join('\n')}\n`);
      this.files.set(file, file);
    }
    return file;
  }

  /** As fast as the server answers, `connections` requests in flight. */
  closedLoop(request: LoadRequest): Promise<LoadResult> {
    if (this.closedLoopKind === 'autocannon') {
      return runAutocannon({ url: request.url, bodiesFile: this.bodiesFile(request), connections: request.connections, durationS: request.durationS, onSpawn: request.onSpawn });
    }
    const key = `wrk:${request.name}`;
    let script = this.files.get(key);
    if (!script) {
      script = graphqlScript(this.dir, request.name, request.bodies);
      this.files.set(key, script);
    }
    return runWrk({ url: request.url, script, connections: request.connections, durationS: request.durationS, onSpawn: request.onSpawn });
  }

  /**
   * `rate` requests per second offered in all: wrk paced by its delay() hook when wrk is the
   * closed-loop generator, autocannon's overallRate otherwise. autocannon sends each connection's
   * quota as fast as it can at the start of every second (httpClient.js: a counter reset by a 1 s
   * interval), so its "fixed rate" is a burst per second and its p99 is the burst's queueing.
   */
  fixedRate(request: LoadRequest, rate: number): Promise<LoadResult> {
    const offered = Math.max(1, Math.round(rate));
    if (this.closedLoopKind === 'wrk') {
      const script = graphqlScript(this.dir, request.name, request.bodies, offered);
      return runWrk({ url: request.url, script, connections: request.connections, durationS: request.durationS, onSpawn: request.onSpawn, offeredRate: offered });
    }
    return runAutocannon({ url: request.url, bodiesFile: this.bodiesFile(request), connections: request.connections, durationS: request.durationS, overallRate: offered, onSpawn: request.onSpawn });
  }

  /** View beacons through wrk (needs wrk: it counts the acknowledged views in its Lua hooks). */
  views(request: Omit<LoadRequest, 'bodies'> & { ids: string[]; visitorPrefix: string; countForS: number }): Promise<LoadResult> {
    if (!onPath('wrk')) throw new Error(`the view beacon workload needs wrk (${WRK_INSTALL_HINT})`);
    const script = viewsScript(this.dir, request.name, request.ids, request.visitorPrefix, request.countForS);
    return runWrk({ url: request.url, script, connections: request.connections, durationS: request.durationS, onSpawn: request.onSpawn });
  }
}
