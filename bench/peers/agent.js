'use strict';
/* global process */
/**
 * Preloaded (`node -r`) into every peer under benchmark, Bulletin included, so each is measured
 * the same way:
 * - counts the SQL statements the process sends: every call of `pg`'s Client.prototype.query, in
 *   every copy of `pg` the process loads (Bulletin's MikroORM/knex and the peers' pools alike);
 *   one call is one statement here, since no peer sends several in one simple-protocol text.
 *   Those sent while no HTTP request is in progress (start-up, a scheduler's timer on an idle
 *   server) count as background;
 * - counts the HTTP requests received and the responses finished (http.Server 'request' events,
 *   ServerResponse end), so that the bench can open and close a window with nothing in flight;
 *   plain counters only: no async hooks, which would slow promise-heavy peers more than others;
 * - answers {type:'stats'} over IPC with the counts;
 * - starts/stops the V8 CPU profiler and sampling heap profiler on request, so a profile covers
 *   one measured window only;
 * - stops the process (SIGTERM) when the bench goes away, even after a SIGKILL (IPC closes).
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const Module = require('node:module');

const http = require('node:http');

let statements = 0;
let background = 0;
let responses = 0;
let inFlight = 0;
const patched = new WeakSet();

function countQueries(pg) {
  const proto = pg && pg.Client && pg.Client.prototype;
  if (!proto || patched.has(proto)) return;
  patched.add(proto);
  const query = proto.query;
  proto.query = function countedQuery() {
    if (inFlight > 0) statements++;
    else background++;
    return query.apply(this, arguments);
  };
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function countRequest(event) {
  if (event === 'request') inFlight++;
  return emit.apply(this, arguments);
};
const end = http.ServerResponse.prototype.end;
const ended = new WeakSet();
http.ServerResponse.prototype.end = function countResponse() {
  if (!ended.has(this)) {
    ended.add(this);
    responses++;
    inFlight--;
  }
  return end.apply(this, arguments);
};

const load = Module._load;
Module._load = function loadAndCount(request) {
  const exported = load.apply(this, arguments);
  if (request === 'pg') countQueries(exported);
  return exported;
};

let session;
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
process.on('message', (message) => {
  if (!message || typeof message !== 'object') return;
  const reply = (body) => process.connected && process.send(body);
  if (message.type === 'stats') {
    reply({ type: 'stats', statements, background, responses, inFlight });
  } else if (message.type === 'profile-start') {
    session = new inspector.Session();
    session.connect();
    (async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: message.intervalUs });
      await post('HeapProfiler.enable');
      // Every allocation the sampler sees, also those the GC has collected since: what makes the GC work.
      await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      await post('Profiler.start');
    })().then(() => reply({ type: 'profile-started' }), (error) => reply({ type: 'profile-started', error: String(error) }));
  } else if (message.type === 'profile-stop') {
    (async () => {
      const { profile } = await post('Profiler.stop');
      const heap = await post('HeapProfiler.stopSampling');
      fs.writeFileSync(message.file, JSON.stringify(profile));
      fs.writeFileSync(message.heapFile, JSON.stringify(heap.profile));
      session.disconnect();
    })().then(() => reply({ type: 'profile-stopped' }), (error) => reply({ type: 'profile-stopped', error: String(error) }));
  }
});
