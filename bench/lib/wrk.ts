import fs from 'node:fs';
import path from 'node:path';
import { resultLine, type LoadResult } from './load-result';
import { runMeasured } from './proc';

/**
 * wrk (the Debian package: `apt-get install -y wrk`) driven by generated Lua scripts: one fixed
 * POST body, a random pick over many bodies, or view beacons with a new visitor per request. Each
 * script prints one BENCH_RESULT line of JSON from wrk's done() hook (latencies in µs there).
 */

export interface WrkRun {
  /** Fixed-rate runs: the rate the script paces to. */
  offeredRate?: number;
  url: string;
  /** Lua script written by one of the functions below. */
  script: string;
  connections: number;
  durationS: number;
  onSpawn?: (pid: number | undefined) => void;
}

const luaString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const DONE = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local acked, refused, sent = 0, 0, 0
  for _, thread in ipairs(threads) do
    acked = acked + (thread:get("acked") or 0)
    refused = refused + (thread:get("refused") or 0)
    sent = sent + (thread:get("sent") or 0)
  end
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"acked":%d,"refused":%d,"sent":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, acked, refused, sent))
end
`;

const CLOCK = `local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *out);
]]
local clock = ffi.new("bench_timespec")
local function now() ffi.C.clock_gettime(1, clock); return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9 end
`;

/**
 * A fixed offered rate (wrk has no such mode; wrk2 is no Debian package): wrk's delay() hook hands
 * each next request the next free slot of an even schedule, one slot every 1/rate s over all
 * connections. Slots missed while every connection is busy are dropped, not sent in a burst
 * later (the achieved rate then falls short of the offered one, and the report shows both).
 */
function pacing(rate: number): string {
  return `${CLOCK}
local interval = 1 / ${rate}
local slot = nil
function delay()
  local t = now()
  if slot == nil or slot < t then slot = t end
  local wait = slot - t
  slot = slot + interval
  return math.floor(wait * 1000 + 0.5)
end
`;
}

/** Writes a script that POSTs a JSON body: the same one every time, or a random one of many; paced to `rate` per second when given. */
export function graphqlScript(dir: string, name: string, bodies: string[], rate?: number): string {
  const file = path.join(dir, `${name}${rate ? '-paced' : ''}.lua`);
  const paced = rate ? pacing(rate) : '';
  if (bodies.length === 1) {
    fs.writeFileSync(file, `${paced}wrk.method = "POST"\nwrk.body = ${luaString(bodies[0])}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json"\n${DONE}`);
    return file;
  }
  const list = path.join(dir, `${name}.bodies`);
  fs.writeFileSync(list, `${bodies.join('\n')}\n`);
  fs.writeFileSync(
    file,
    `${paced}local prepared = {}
function init(args)
  local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
  for line in io.lines(${luaString(list)}) do prepared[#prepared + 1] = wrk.format("POST", nil, headers, line) end
  math.randomseed(${bodies.length})
end
function request() return prepared[math.random(#prepared)] end
${DONE}`,
  );
  return file;
}

/**
 * View beacons: POST /views/<id>, half of them on the first id (the hot article), the rest over
 * the others; every request a new visitor (its own User-Agent; the beacon dedupes per address and
 * user agent, and the address is always 127.0.0.1). After `countForS` seconds every request is a
 * GET /healthz, which counts nothing: the beacons sent are all answered before wrk stops (the
 * script counts those still unanswered, `pending`), so the stored totals must equal the
 * acknowledged views exactly.
 */
export function viewsScript(dir: string, name: string, ids: string[], visitorPrefix: string, countForS: number): string {
  const file = path.join(dir, `${name}.lua`);
  const list = path.join(dir, `${name}.ids`);
  fs.writeFileSync(list, `${ids.join('\n')}\n`);
  fs.writeFileSync(
    file,
    `${CLOCK}local ids = {}
local agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 r/" .. ${luaString(visitorPrefix)} .. "-"
function init(args)
  for line in io.lines(${luaString(list)}) do ids[#ids + 1] = line end
  acked = 0
  refused = 0
  sent = 0
  visitors = 0
  deadline = now() + ${countForS}
end
function request()
  if now() >= deadline then return wrk.format("GET", "/healthz") end
  visitors = visitors + 1
  sent = sent + 1
  local target = "/views/" .. ids[math.random(2, #ids)]
  if math.random() < 0.5 then target = "/views/" .. ids[1] end
  return wrk.format("POST", target, { ["User-Agent"] = agent .. visitors, ["Content-Length"] = "0" }, nil)
end
function response(status, headers, body)
  if status ~= 200 or body == nil then return end
  if string.find(body, '"counted":true', 1, true) then acked = acked + 1
  elseif string.find(body, '"counted":false', 1, true) then refused = refused + 1 end
end
${DONE}`,
  );
  return file;
}

export async function runWrk(run: WrkRun): Promise<LoadResult> {
  const args = ['-t1', `-c${run.connections}`, `-d${run.durationS}s`, '--latency', '--timeout', '10s', '-s', run.script, run.url];
  const result = await runMeasured('wrk', args, { onSpawn: run.onSpawn });
  if (result.code !== 0) throw new Error(`wrk ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  const r = resultLine(result.stdout, 'wrk');
  const durationS = r.durationUs / 1e6;
  return {
    generator: 'wrk',
    requests: r.requests,
    errors: r.connect + r.read + r.write + r.status + r.timeout,
    durationS,
    requestsPerSecond: r.requests / durationS,
    latencyMs: { p50: r.p50 / 1000, p90: r.p90 / 1000, p99: r.p99 / 1000, max: r.max / 1000 },
    generatorCpuMs: result.cpuMs,
    offeredRate: run.offeredRate,
    acknowledged: r.acked,
    refused: r.refused,
    // wrk builds a connection's next request before it stops: one per connection may never have left.
    pending: r.sent - r.acked - r.refused,
  };
}
