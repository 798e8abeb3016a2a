import fs from 'node:fs';
import path from 'node:path';

/**
 * Summarises a V8 .cpuprofile (self time by function, by package, inclusive time by function) and a
 * sampling .heapprofile (who allocates). Usable from bench/homepage.ts (--profile) or alone:
 *   npx ts-node --swc bench/cpu-profile.ts <file.cpuprofile | file.heapprofile> [top]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  /** Every sample not idle: what the percentages are of. */
  busyMs: number;
  selfByFunction: Row[];
  selfByPackage: Row[];
  /** Node core and V8 builtins (writev, JSON.stringify, Buffer work…) charged to the package that called them. */
  chargedByPackage: Row[];
  /** Packages' and the app's own functions only: node core frames would top the list without saying anything. */
  inclusiveByFunction: Row[];
}

export interface Row {
  name: string;
  ms: number;
  /** Of busyMs. */
  percent: number;
}

/** Where a script lives, short: node_modules/<package>/…, the app's own path, or node:internal. */
function shortUrl(url: string): string {
  if (url === '') return '';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm >= 0) return clean.slice(nm + 1);
  const dist = clean.indexOf('/dist/');
  if (dist >= 0) return clean.slice(dist + 1);
  const bench = clean.indexOf('/bench/');
  if (bench >= 0) return clean.slice(bench + 1);
  return clean.startsWith('node:') ? clean : path.basename(clean);
}

function packageOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '') {
    // (garbage collector), (program), (idle), (root) and native builtins such as JSON.stringify.
    return frame.functionName.startsWith('(') ? frame.functionName : '(native / V8 builtins)';
  }
  if (url.startsWith('node:')) return 'node: (Node.js core)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `app: ${url.slice(dist + 1).split('/').slice(0, 3).join('/')}`;
  return `app: ${shortUrl(url)}`;
}

function frameKey(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const where = shortUrl(frame.url);
  return where ? `${name}  ${where}:${frame.lineNumber + 1}` : name;
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  // timeDeltas[i] is the time since the previous sample: sample i-1 ran for timeDeltas[i].
  const durations = profile.samples.map((_, i) => (i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0) / 1000);
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const charged = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = durations[i];
    if (ms <= 0) return;
    totalMs += ms;
    const node = byId.get(id);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    const key = frameKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
    const pkg = packageOf(node.callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    let payer = pkg;
    if (pkg === 'node: (Node.js core)' || pkg === '(native / V8 builtins)') {
      for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        // The bench's preload wraps res.end and emit: the work under its wrappers is the caller's.
        if (frame && frame.url !== '' && !frame.url.startsWith('node:') && !frame.url.endsWith('/peers/agent.js')) {
          payer = packageOf(frame);
          break;
        }
      }
    }
    charged.set(payer, (charged.get(payer) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.url === '' || frame.url.startsWith('node:')) continue;
      const k = frameKey(frame);
      if (seen.has(k)) continue; // recursion: count a sample once per function
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  const busyMs = totalMs - idleMs;
  const rows = (map: Map<string, number>, n: number): Row[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms, percent: (ms / busyMs) * 100 }));
  return { totalMs, idleMs, busyMs, selfByFunction: rows(self, top), selfByPackage: rows(byPackage, 15), chargedByPackage: rows(charged, 15), inclusiveByFunction: rows(inclusive, top) };
}

export function formatSummary(summary: ProfileSummary): string {
  const table = (title: string, rows: Row[]) =>
    rows.length === 0 ? '' : [`${title}`, ...rows.map((row) => `  ${row.ms.toFixed(0).padStart(7)} ms ${row.percent.toFixed(1).padStart(5)} %  ${row.name}`)].join('\n');
  return [
    `CPU profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.busyMs / 1000).toFixed(1)} s busy on the main thread, ` +
      `${(summary.idleMs / 1000).toFixed(1)} s idle (percentages are of busy time)`,
    table('Self time by package / area:', summary.selfByPackage),
    table('Self time by package, node core and V8 builtins charged to the package that called them:', summary.chargedByPackage),
    table('Top self time by function:', summary.selfByFunction),
    table('Top inclusive time by function (the function and everything it called; app and package code only):', summary.inclusiveByFunction),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

export interface HeapSummary {
  totalBytes: number;
  byPackage: HeapRow[];
  byFunction: HeapRow[];
  /** Allocations by function inclusive of what it called (app and package code only). */
  inclusiveByFunction: HeapRow[];
}

export interface HeapRow {
  name: string;
  bytes: number;
  percent: number;
}

/**
 * Summarises a sampling heap profile (HeapProfiler.stopSampling, taken with the "collected by GC"
 * flags): who allocates the bytes the garbage collector then has to deal with.
 */
export function summarizeHeapProfile(profile: { head: HeapNode }, top = 20): HeapSummary {
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalBytes = 0;
  // payer: the nearest package or app frame above, which node core and builtins are charged to (as for CPU).
  const walk = (node: HeapNode, stack: string[], callerPackage: string | undefined) => {
    const frame = node.callFrame;
    const isCode = frame.url !== '' && !frame.url.startsWith('node:');
    const key = frameKey(frame);
    const next = isCode && !stack.includes(key) ? [...stack, key] : stack;
    const payer = isCode ? packageOf(frame) : (callerPackage ?? packageOf(frame));
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      self.set(key, (self.get(key) ?? 0) + node.selfSize);
      byPackage.set(payer, (byPackage.get(payer) ?? 0) + node.selfSize);
      for (const k of next) inclusive.set(k, (inclusive.get(k) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, next, isCode ? payer : callerPackage);
  };
  walk(profile.head, [], undefined);
  const rows = (map: Map<string, number>, n: number): HeapRow[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, bytes]) => ({ name, bytes, percent: (bytes / totalBytes) * 100 }));
  return { totalBytes, byPackage: rows(byPackage, 12), byFunction: rows(self, top), inclusiveByFunction: rows(inclusive, top) };
}

export function formatHeapSummary(summary: HeapSummary, requests?: number): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const table = (title: string, rows: HeapRow[]) =>
    rows.length === 0 ? '' : [title, ...rows.map((row) => `  ${mb(row.bytes).padStart(8)} MB ${row.percent.toFixed(1).padStart(5)} %  ${row.name}`)].join('\n');
  const perRequest = requests ? `, about ${((summary.totalBytes / requests) / 1024).toFixed(0)} KB per request` : '';
  return [
    `Allocations (sampling heap profiler, collected objects included): ${mb(summary.totalBytes)} MB in the window${perRequest}`,
    table('Allocated by package (node core and builtins charged to the caller):', summary.byPackage),
    table('Top allocating functions (self):', summary.byFunction),
    table('Top allocating functions (inclusive; app and package code only):', summary.inclusiveByFunction),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2).filter((arg) => arg !== '--');
  if (!file) {
    console.error('Usage: ts-node --swc bench/cpu-profile.ts <file.cpuprofile | file.heapprofile> [top]');
    process.exit(2);
  }
  const n = top ? Number(top) : 25;
  if (file.endsWith('.heapprofile')) console.log(formatHeapSummary(summarizeHeapProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as { head: HeapNode }, n)));
  else console.log(formatSummary(summarizeProfile(readProfile(file), n)));
}
