import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/bulletin';
import { defaultGenerator, WRK_INSTALL_HINT, type GeneratorKind } from './lib/generator';
import { PEER_IDS, type PeerId } from './lib/peers';
import { intOption } from './lib/processes';
import { ALL_WORKLOADS, type WorkloadId } from './workloads';

export const USAGE = `Usage: npm run bench -- [options]

Bulletin (P3) against three peers on the same data: P0 fixed JSON (the ceiling), P1 raw pg (the
floor), P2 PostGraphile 4; workloads W1 homepage, W2 article by slug, W3 category page, W4 search
(W1-40 and W1-deep for SQL statements per request), W5 view beacons. Load from wrk (install it:
${WRK_INSTALL_HINT}; autocannon otherwise), fixed-rate load from autocannon. Writes
bench/results/latest.md and latest.json (and a timestamped copy of each, ignored by git).

  --articles N            demo articles (default 10000), reshaped by bench/lib/dataset.ts
  --workloads LIST        comma-separated (default all: ${ALL_WORKLOADS.join(',')})
  --peers LIST            comma-separated (default all: ${PEER_IDS.join(',')}); each workload runs the selected peers it has
  --rounds R              alternating saturation rounds per workload (default 3)
  --duration S            measured seconds per saturation window (default 10)
  --warmup S              warm-up seconds before each window (default 3)
  --connections C         concurrent connections (default 32)
  --fixed-duration S      seconds of the fixed-rate (half load) run per peer (default 8; 0 skips it)
  --statements-duration S seconds of the W1-40/W1-deep runs (default 5)
  --views-duration S      counted seconds of W5 (default 10)
  --views-connections C   W5's connections (default 256: each waits for its view's group commit,
                          so views/s is at most connections ÷ batch round trip)
  --slugs N               W2 picks from N slugs (default 1000)
  --pool P                database pool size of every peer (default 10, Bulletin's DB_POOL_MAX default)
  --generator G           wrk or autocannon for the closed loop (default: wrk when installed)
  --profile               V8 CPU profile of Bulletin during one extra window per saturation
                          workload, summarised in the report (the timed windows are not profiled)
  --bulletin-node-options=FLAGS
                          node flags for Bulletin only (default: those of npm start, for every peer)
  --out DIR               results directory (default bench/results)

Data goes to a scratch database bulletin_bench_<pid> on postgres://postgres@127.0.0.1:5432,
dropped at the end (BENCH_ADMIN_URL names another server).`;

export interface Options {
  articles: number;
  workloads: WorkloadId[];
  peers: PeerId[];
  rounds: number;
  durationS: number;
  warmupS: number;
  connections: number;
  fixedDurationS: number;
  statementsDurationS: number;
  viewsDurationS: number;
  viewsConnections: number;
  slugs: number;
  pool: number;
  generator: GeneratorKind;
  profile: boolean;
  nodeOptions: string[];
  bulletinNodeOptions: string[];
  outDir: string;
}

/** The node flags of `npm start` (package.json), which every peer runs with. */
export function productionNodeOptions(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.start ?? '';
  const match = /\bnode\s+((?:--\S+\s+)*)dist\/src\/main\.js/.exec(start);
  return match ? match[1].split(/\s+/).filter((flag) => flag !== '') : [];
}

function list<T extends string>(name: string, raw: string | undefined, all: readonly T[]): T[] {
  if (raw === undefined) return [...all];
  const picked = raw.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
  for (const item of picked) if (!all.some((known) => known.toLowerCase() === item)) throw new Error(`--${name}: unknown "${item}" (known: ${all.join(', ')})`);
  return all.filter((item) => picked.includes(item.toLowerCase()));
}

export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      articles: { type: 'string' },
      workloads: { type: 'string' },
      peers: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'fixed-duration': { type: 'string' },
      'statements-duration': { type: 'string' },
      'views-duration': { type: 'string' },
      'views-connections': { type: 'string' },
      slugs: { type: 'string' },
      pool: { type: 'string' },
      generator: { type: 'string' },
      profile: { type: 'boolean' },
      'bulletin-node-options': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const int = intOption;
  const generator = (values.generator ?? defaultGenerator()) as GeneratorKind;
  if (generator !== 'wrk' && generator !== 'autocannon') throw new Error(`--generator must be wrk or autocannon (got "${values.generator}")`);
  return {
    articles: int('articles', values.articles, 10_000, 100, 1_000_000),
    workloads: list('workloads', values.workloads, ALL_WORKLOADS),
    peers: list('peers', values.peers, PEER_IDS),
    rounds: int('rounds', values.rounds, 3, 1, 20),
    durationS: int('duration', values.duration, 10, 1, 600),
    warmupS: int('warmup', values.warmup, 3, 0, 120),
    connections: int('connections', values.connections, 32, 1, 1000),
    fixedDurationS: int('fixed-duration', values['fixed-duration'], 8, 0, 600),
    statementsDurationS: int('statements-duration', values['statements-duration'], 5, 1, 600),
    viewsDurationS: int('views-duration', values['views-duration'], 10, 1, 600),
    viewsConnections: int('views-connections', values['views-connections'], 256, 1, 10_000),
    slugs: int('slugs', values.slugs, 1000, 1, 100_000),
    pool: int('pool', values.pool, 10, 1, 100),
    generator,
    profile: values.profile ?? false,
    nodeOptions: productionNodeOptions(),
    bulletinNodeOptions: (values['bulletin-node-options'] ?? '').split(/\s+/).filter((flag) => flag !== ''),
    outDir: path.resolve(values.out ?? path.join(ROOT, 'bench', 'results')),
  };
}
