/**
 * Measures a portal page as served: requests it N times one after another and reports, from the
 * page's Server-Timing header, the GraphQL request's time ("api") and the template's ("render"),
 * the whole time in the portal ("total", reported as server), and the response as this client saw it. Usage (the portal and Bulletin running):
 *   npm run measure --workspace examples/portal -- http://localhost:3000/<slug> [count]
 */
interface Sample {
  api: number;
  render: number;
  server: number;
  client: number;
  cache: string | null;
}

async function main(): Promise<void> {
  const [url, countArg] = process.argv.slice(2);
  if (!url) throw new Error('usage: measure <page url> [count, default 200]');
  const count = Number(countArg ?? 200);
  const samples: Sample[] = [];
  for (let i = 0; i < count + WARMUP; i += 1) {
    const started = performance.now();
    const response = await fetch(url);
    await response.text();
    const client = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const timing = parseServerTiming(response.headers.get('server-timing') ?? '');
    if (i >= WARMUP) samples.push({ ...timing, client, cache: response.headers.get('x-bulletin-cache') });
  }
  const report = (name: keyof Omit<Sample, 'cache'>) => {
    const sorted = samples.map((sample) => sample[name]).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
    return `${name.padEnd(6)} median ${at(0.5)} ms  p90 ${at(0.9)} ms  p99 ${at(0.99)} ms  max ${sorted[sorted.length - 1].toFixed(2)} ms`;
  };
  const hits = samples.filter((sample) => sample.cache === 'HIT').length;
  console.log(`${url}: ${count} requests after ${WARMUP} warm-up; Bulletin cache hits ${hits}/${count}`);
  for (const name of ['api', 'render', 'server', 'client'] as const) console.log(`  ${report(name)}`);
}

const WARMUP = 20;

function parseServerTiming(header: string): { api: number; render: number; server: number } {
  const durations = new Map<string, number>();
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const duration = params.map((param) => /^dur=([\d.]+)$/.exec(param.trim())).find(Boolean);
    if (duration) durations.set(name, Number(duration[1]));
  }
  return { api: durations.get('api') ?? NaN, render: durations.get('render') ?? NaN, server: durations.get('total') ?? NaN };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
