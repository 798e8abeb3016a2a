import type { WorkloadId } from '../workloads';
import type { DatasetFacts } from './dataset';
import type { Window } from './measure';
import { PEER_NAMES, type PeerId } from './peers';
import type { MachineFacts } from './proc';
import { bulletinResponseCacheTtl } from './bulletin';

/** The run's results, as JSON (everything measured) and as the Markdown report (what it means). */

export interface ViewsResult {
  connections: number;
  countedForS: number;
  acknowledgedWarmup: number;
  acknowledgedMeasured: number;
  /** Beacons answered {"counted":false} (a visitor seen before, a bot: none expected). */
  refused: number;
  /** Beacons built but unanswered when wrk stopped (answers slower than the tail, or never sent). */
  pending: number;
  withinBounds: boolean;
  viewsPerSecond: number;
  storedViewCountDelta: number;
  storedDailyDelta: number;
  exact: boolean;
  window: Window;
}

export interface RunResult {
  startedAt: string;
  wallS: number;
  command: string;
  options: Record<string, unknown>;
  machine: MachineFacts & { postgres: string };
  loadAverage: { before: number[]; after: number[] };
  /** lib/proc.ts cpuProbeMs before and after the run. */
  cpuProbeMs: { before: number; after: number };
  /** lib/proc.ts cpuPressure before and after the run. */
  cpuPressure: { before: number | undefined; after: number | undefined };
  dataset: DatasetFacts & { slugs: number; leafCategories: string[]; searches: string[] };
  generators: { closedLoop: string; fixedRate: string };
  checks: { workload: WorkloadId; bodies: number; peers: PeerId[]; meanBytes: Partial<Record<PeerId, number>> }[];
  windows: Window[];
  views?: ViewsResult;
  profile?: { workload: WorkloadId; file: string; summary: string }[];
  notes: string[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const defined = (values: (number | undefined)[]) => values.filter((value): value is number => value !== undefined && Number.isFinite(value));

export interface PeerSummary {
  peer: PeerId;
  rounds: number;
  rps: { median: number; min: number; max: number } | undefined;
  p50: number | undefined;
  p99: number | undefined;
  p99HalfLoad: { p99: number; offered: number; achieved: number; generator: string; generatorCpuPercent: number | undefined } | undefined;
  cpuMsPerRequest: number | undefined;
  dbCpuMsPerRequest: number | undefined;
  statementsPerRequest: number | undefined;
  peakRssMb: number | undefined;
  generatorCpuPercent: number | undefined;
  errors: number;
}

export function summarize(windows: Window[], workload: WorkloadId, peer: PeerId): PeerSummary | undefined {
  const mine = windows.filter((w) => w.workload === workload && w.peer === peer);
  const timed = mine.filter((w) => w.kind === 'saturation' || w.kind === 'statements');
  if (timed.length === 0) return undefined;
  const rps = timed.map((w) => w.load.requestsPerSecond);
  const fixed = mine.find((w) => w.kind === 'fixed-rate');
  const pick = (f: (w: Window) => number | undefined) => {
    const values = defined(timed.map(f));
    return values.length > 0 ? median(values) : undefined;
  };
  return {
    peer,
    rounds: timed.length,
    rps: { median: median(rps), min: Math.min(...rps), max: Math.max(...rps) },
    p50: pick((w) => w.load.latencyMs.p50),
    p99: pick((w) => w.load.latencyMs.p99),
    p99HalfLoad: fixed && {
      p99: fixed.load.latencyMs.p99,
      offered: fixed.load.offeredRate ?? 0,
      achieved: fixed.load.requestsPerSecond,
      generator: fixed.load.generator,
      generatorCpuPercent: fixed.generatorCpuPercent,
    },
    cpuMsPerRequest: pick((w) => w.serverCpuMsPerRequest),
    dbCpuMsPerRequest: pick((w) => w.dbCpuMsPerRequest),
    statementsPerRequest: pick((w) => w.statementsPerRequest),
    peakRssMb: defined(mine.map((w) => w.peakRssMb)).reduce((a, b) => Math.max(a, b), 0) || undefined,
    generatorCpuPercent: pick((w) => w.generatorCpuPercent),
    errors: mine.reduce((sum, w) => sum + w.load.errors, 0),
  };
}

/** Bulletin ÷ peer per round (rounds alternate, so drift cancels), median and range. */
export function ratio(windows: Window[], workload: WorkloadId, peer: PeerId): { median: number; min: number; max: number } | undefined {
  const rounds = (id: PeerId) => new Map(windows.filter((w) => w.workload === workload && w.peer === id && w.kind === 'saturation').map((w) => [w.round, w.load.requestsPerSecond]));
  const ours = rounds('P3');
  const theirs = rounds(peer);
  const values = [...ours].filter(([round]) => theirs.has(round)).map(([round, rps]) => rps / (theirs.get(round) as number));
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

interface Target {
  what: string;
  measured: string;
  met: boolean | undefined;
}

const RATIO_TARGETS: { workload: WorkloadId; peer: PeerId; atLeast: number }[] = [
  { workload: 'W1', peer: 'P1', atLeast: 0.5 },
  { workload: 'W1', peer: 'P2', atLeast: 2 },
  { workload: 'W2', peer: 'P1', atLeast: 0.4 },
  { workload: 'W2', peer: 'P2', atLeast: 1.5 },
  { workload: 'W3', peer: 'P1', atLeast: 0.35 },
  { workload: 'W4', peer: 'P1', atLeast: 0.5 },
];
const ONE_STATEMENT: WorkloadId[] = ['W1', 'W1-40', 'W1-deep', 'W2', 'W3'];
const LATENCY_WORKLOADS: WorkloadId[] = ['W1', 'W2', 'W3', 'W4'];
export const VIEWS_TARGET = 20_000;
const RSS_TARGET_MB = 200;

const fmt = (value: number | undefined, digits = 0) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
const ms = (value: number | undefined) => (value === undefined ? 'n/a' : value < 1 ? value.toFixed(3) : value.toFixed(2));
const times = (value: number) => (value < 1 ? `${(value * 100).toFixed(1)} %` : `${value.toFixed(2)}×`);
const yes = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');

export function targets(result: RunResult): Target[] {
  const list: Target[] = [];
  for (const t of RATIO_TARGETS) {
    const r = ratio(result.windows, t.workload, t.peer);
    list.push({ what: `${t.workload}: Bulletin ≥ ${times(t.atLeast)} of ${PEER_NAMES[t.peer]} (req/s)`, measured: r ? `${times(r.median)} (${times(r.min)}–${times(r.max)})` : 'n/a', met: r && r.median >= t.atLeast });
  }
  // The issue's budget for ad serving: the homepage with the ad slot costs at most 10% more server CPU per request.
  const [plain, withAds] = [summarize(result.windows, 'W1', 'P3')?.cpuMsPerRequest, summarize(result.windows, 'W1-ads', 'P3')?.cpuMsPerRequest];
  list.push({
    what: 'W1-ads: server CPU per request ≤ 1.10 × W1’s (Bulletin)',
    measured: plain && withAds ? `${ms(withAds)} / ${ms(plain)} ms = ${fmt(withAds / plain, 3)}×` : 'n/a',
    met: plain && withAds ? withAds <= plain * 1.1 : undefined,
  });
  for (const workload of ONE_STATEMENT) {
    const s = summarize(result.windows, workload, 'P3');
    list.push({ what: `${workload}: one SQL statement per request (Bulletin)`, measured: fmt(s?.statementsPerRequest, 2), met: s?.statementsPerRequest === undefined ? undefined : Math.abs(s.statementsPerRequest - 1) < 0.005 });
  }
  for (const workload of LATENCY_WORKLOADS) {
    const s = summarize(result.windows, workload, 'P3');
    const ok = s?.p50 !== undefined && s.p99 !== undefined ? s.p99 <= 4 * s.p50 : undefined;
    list.push({ what: `${workload}: p99 ≤ 4 × p50 at saturation (Bulletin)`, measured: s ? `${ms(s.p99)} / ${ms(s.p50)} ms = ${fmt(s.p99 !== undefined && s.p50 ? s.p99 / s.p50 : undefined, 1)}×` : 'n/a', met: ok });
  }
  for (const workload of LATENCY_WORKLOADS) {
    const s = summarize(result.windows, workload, 'P3')?.p99HalfLoad;
    list.push({ what: `${workload}: p99 ≤ 20 ms at half of Bulletin's saturation rate`, measured: s ? `${ms(s.p99)} ms at ${fmt(s.offered)} req/s` : 'n/a', met: s && s.p99 <= 20 });
  }
  const rss = defined(result.windows.filter((w) => w.peer === 'P3').map((w) => w.peakRssMb));
  const peak = rss.length > 0 ? Math.max(...rss) : undefined;
  list.push({ what: `peak RSS ≤ ${RSS_TARGET_MB} MB (Bulletin, any window)`, measured: peak === undefined ? 'n/a' : `${fmt(peak)} MB`, met: peak === undefined ? undefined : peak <= RSS_TARGET_MB });
  const v = result.views;
  list.push({ what: `W5: ≥ ${VIEWS_TARGET.toLocaleString('en')} acknowledged views/s`, measured: v ? `${fmt(v.viewsPerSecond)} /s` : 'n/a', met: v && v.viewsPerSecond >= VIEWS_TARGET });
  list.push({ what: 'W5: stored totals = acknowledged views, exactly', measured: v ? `+${v.storedViewCountDelta} view_count, +${v.storedDailyDelta} daily, ${v.acknowledgedWarmup + v.acknowledgedMeasured} acknowledged, ${v.pending} unanswered` : 'n/a', met: v?.exact });
  return list;
}

function workloadTable(result: RunResult, workload: WorkloadId, peers: PeerId[]): string[] {
  const rows = ['| peer | req/s median (min–max) | p50 ms | p99 ms | p99 ms @ half load | CPU ms/req | DB CPU ms/req | SQL stmts/req | peak RSS MB | generator CPU | errors |', '|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const peer of peers) {
    const s = summarize(result.windows, workload, peer);
    if (!s) continue;
    const half = s.p99HalfLoad ? `${ms(s.p99HalfLoad.p99)} (${fmt(s.p99HalfLoad.achieved)}/${fmt(s.p99HalfLoad.offered)} req/s)` : '—';
    rows.push(
      `| ${PEER_NAMES[peer]} | ${fmt(s.rps?.median)} (${fmt(s.rps?.min)}–${fmt(s.rps?.max)}) | ${ms(s.p50)} | ${ms(s.p99)} | ${half} | ${ms(s.cpuMsPerRequest)} | ${ms(s.dbCpuMsPerRequest)} | ${fmt(s.statementsPerRequest, 2)} | ${fmt(s.peakRssMb)} | ${fmt(s.generatorCpuPercent)} % | ${s.errors} |`,
    );
  }
  return rows;
}

export function markdown(result: RunResult, titles: Record<string, string>): string {
  const m = result.machine;
  const la = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
  const out: string[] = [
    `# Bulletin benchmark — ${result.startedAt}`,
    '',
    `\`${result.command}\`, ${fmt(result.wallS)} s wall time.`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB; ${m.kernel}; Node ${m.node}; PostgreSQL ${m.postgres}.`,
    `- Load average (1/5/15 min): before ${la(result.loadAverage.before)}${result.loadAverage.before[0] > 1 ? ' — other work was running: figures are noisy' : ''}; after ${la(result.loadAverage.after)} (the bench's own load included). ` +
      `CPU probe (SHA-256 of 100 MB, one thread): ${fmt(result.cpuProbeMs.before)} ms before, ${fmt(result.cpuProbeMs.after)} ms after. ` +
      `CPU pressure (/proc/pressure/cpu, some avg60: share of time runnable work waited for a CPU): ${fmt(result.cpuPressure.before)} % before, ${fmt(result.cpuPressure.after)} % after.`,
    `- Data: ${result.dataset.articles} articles (${result.dataset.publicArticles} public), ${result.dataset.categories} categories, ${result.dataset.authors} authors, bodies ${result.dataset.bodyKb.min}–${result.dataset.bodyKb.max} KB (median ${result.dataset.bodyKb.median}); W2 over ${result.dataset.slugs} slugs, W3 over ${result.dataset.leafCategories.length} leaf categories, W4 over ${result.dataset.searches.length} searches (${result.dataset.searches.map((s) => `"${s}"`).join(', ')}).`,
    `- Load: ${result.generators.closedLoop} closed loop (${String(result.options.connections)} connections, ${String(result.options.warmupS)} s warm-up + ${String(result.options.durationS)} s measured, ${String(result.options.rounds)} alternating rounds); p99 at half load: ${result.generators.fixedRate}, a fixed rate of half Bulletin's median req/s, ${String(result.options.fixedDurationS)} s.`,
    `- Bulletin's response cache: ${bulletinResponseCacheTtl() === '0' ? 'off (RESPONSE_CACHE_TTL_MS=0): uncached figures' : `**on** (RESPONSE_CACHE_TTL_MS=${bulletinResponseCacheTtl()}): cached figures`}; its category copy (CATEGORY_CACHE_TTL_MS) at the production default.`,
    `- Peers: same database, same pool size (${String(result.options.pool)}), same node flags (${String(result.options.nodeOptions)}), started one at a time; every answer checked against Bulletin's before timing (${result.checks.map((c) => `${c.workload}: ${c.bodies} request bodies × ${c.peers.length} peers`).join('; ')}).`,
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targets(result).map((t) => `| ${t.what} | ${t.measured} | ${yes(t.met)} |`),
  ];
  const workloads = [...new Set(result.windows.map((w) => w.workload))].filter((w) => w !== 'W5');
  for (const workload of workloads) {
    const peers = [...new Set(result.windows.filter((w) => w.workload === workload).map((w) => w.peer))].sort();
    out.push('', `## ${workload} — ${titles[workload] ?? ''}`, '', ...workloadTable(result, workload, peers));
    const ratios = (['P1', 'P2'] as PeerId[]).map((peer) => [peer, ratio(result.windows, workload, peer)] as const).filter(([, r]) => r);
    if (ratios.length > 0) out.push('', `Bulletin ÷ ${ratios.map(([peer, r]) => `${PEER_NAMES[peer]}: ${times(r!.median)} (${times(r!.min)}–${times(r!.max)})`).join('; ')} (req/s, per round, median of the rounds).`);
  }
  const v = result.views;
  if (v) {
    out.push(
      '',
      `## W5 — ${titles.W5 ?? ''}`,
      '',
      `Bulletin only, wrk, ${v.connections} connections (each waits for its view's group commit), every request a new visitor, half on the newest article and half over the others; ${v.countedForS} s counted, then 5 s of GET /healthz so that every beacon is answered before wrk stops.`,
      '',
      '| acknowledged views/s | p50 ms | p99 ms | CPU ms/view | DB CPU ms/view | SQL stmts/view | peak RSS MB | generator CPU |',
      '|---|---|---|---|---|---|---|---|',
      `| ${fmt(v.viewsPerSecond)} | ${ms(v.window.load.latencyMs.p50)} | ${ms(v.window.load.latencyMs.p99)} | ${ms(perView(v.window.serverCpuMsPerRequest, v))} | ${ms(perView(v.window.dbCpuMsPerRequest, v))} | ${fmt(v.window.statementsPerRequest === undefined || v.acknowledgedMeasured === 0 ? undefined : (v.window.statementsPerRequest * v.window.serverResponses) / v.acknowledgedMeasured, 3)} | ${fmt(v.window.peakRssMb)} | ${fmt(v.window.generatorCpuPercent)} % |`,
      '',
      `Exact totals: ${v.acknowledgedWarmup} (warm-up) + ${v.acknowledgedMeasured} (measured) acknowledged, ${v.refused} refused, ${v.pending} unanswered when wrk stopped; article.view_count +${v.storedViewCountDelta}, article_views_daily +${v.storedDailyDelta}: ` +
        (v.exact ? '**EXACT**' : v.withinBounds ? '**not exact** (beacons were still unanswered when wrk stopped; acknowledged ≤ stored ≤ acknowledged + unanswered holds)' : '**MISMATCH**') + '.',
    );
  }
  for (const p of result.profile ?? []) out.push('', `## Where Bulletin's CPU goes (${p.workload}, V8 CPU profile of one extra measured window)`, '', '```', p.summary, '```', '', `Profile: ${p.file}`);
  out.push(
    '',
    '## How the figures are measured',
    '',
    '- req/s, p50, p99: the load generator (wrk `-t1`, its `--latency` histogram) over the measured window; median of the rounds, min–max of req/s.',
    `- p99 @ half load: ${result.generators.fixedRate}, at a fixed offered rate of half Bulletin's median req/s for the same workload, the same rate for every peer, after the saturation rounds. ` +
      "wrk has no fixed-rate mode and wrk2 is not a Debian package: the bench's Lua delay() hook gives each request the next slot of an even schedule (1/rate s apart over all connections; slots missed while every connection is busy are dropped, so achieved < offered shows it). " +
      "autocannon's overallRate, the fallback, sends each connection's quota at the start of every second (a burst per second), and its coordinated-omission correction assumes a 1 ms interval; it records latencies as measured. Shown as p99 (achieved/offered req/s).",
    '- CPU ms/req: the peer process\'s utime + stime (/proc/<pid>/stat, all threads) over the window ÷ requests completed. DB CPU ms/req: the same for the PostgreSQL backends of the bench database (pg_stat_activity pids).',
    '- SQL stmts/req: calls of `pg`\'s `Client.prototype.query` in the peer process (every copy of `pg` it loads, patched by the preload bench/peers/agent.js) ÷ the HTTP responses the same process finished, over a window that the bench opens and closes with no request in flight (it polls the agent\'s count of requests received − responses finished), so the statements counted are exactly those of the window\'s requests, plus anything the process sent on its own meanwhile (Bulletin\'s article scheduler: a few per minute; statements sent while no request is in progress are kept apart as `backgroundStatements` in the JSON). Every peer is counted the same way, with plain counters (no async hooks, which would slow promise-heavy peers more than others); a call is one statement (no peer sends several in one text). `pg_stat_statements` is not loaded on this PostgreSQL and loading it needs a restart.',
    '- peak RSS: VmHWM from /proc/<pid>/status, reset (clear_refs 5) at the start of each window; the largest over the windows.',
    '- generator CPU: the wrk/autocannon process\'s user + system time, read by the wrapping shell from its own /proc/<pid>/stat (children\'s times) after it reaped the generator, as a share of one core.',
  );
  if (result.notes.length > 0) out.push('', '## Notes', '', ...result.notes.map((note) => `- ${note}`));
  return `${out.join('\n')}\n`;
}

function perView(perRequest: number | undefined, v: ViewsResult): number | undefined {
  // Per acknowledged view rather than per request: the tail's refused requests cost almost nothing.
  if (perRequest === undefined || v.acknowledgedMeasured === 0) return undefined;
  return (perRequest * v.window.load.requests) / v.acknowledgedMeasured;
}
