'use strict';
/* global process */
/**
 * Preloaded (`node -r`) into every peer under benchmark, Bulletin included, so each is measured
 * the same way:
 * - counts the SQL statements the process sends: every call of `pg`'s Client.prototype.query, in
 *   every copy of `pg` the process loads (Bulletin's MikroORM/knex and the peers' pools alike);
 *   one call is one statement here, since no peer sends several in one simple-protocol text.
 *   Statements sent while serving an HTTP request (an AsyncLocalStorage context opened by each
 *   'request' event, which follows the request's promises, timers and pool acquisitions) are
 *   added up when its response ends, so that statements ÷ responses over a window counts whole
 *   requests only; the others (a scheduler's timer, say) count as background;
 * - counts the HTTP responses the process finishes (http.ServerResponse end), so that statements
 *   per request are the process's own two counts over a window, whatever the load generator had
 *   in flight when the window opened and closed;
 * - answers {type:'stats'} over IPC with both counts;
 * - starts/stops the V8 CPU profiler and sampling heap profiler on request, so a profile covers
 *   one measured window only;
 * - stops the process (SIGTERM) when the bench goes away, even after a SIGKILL (IPC closes).
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const Module = require('node:module');

const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');

const serving = new AsyncLocalStorage();
const requestOf = new WeakMap();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitInRequestContext(event, req, res) {
  if (event !== 'request') return emit.apply(this, arguments);
  const request = { statements: 0, ended: false };
  requestOf.set(res, request);
  return serving.run(request, () => emit.apply(this, arguments));
};

let statements = 0;
let background = 0;
const patched = new WeakSet();

function countQueries(pg) {
  const proto = pg && pg.Client && pg.Client.prototype;
  if (!proto || patched.has(proto)) return;
  patched.add(proto);
  const query = proto.query;
  proto.query = function countedQuery() {
    const request = serving.getStore();
    // A callback queued by a pool (pg-pool's waiting list) runs in the context of the request that
    // freed the client, which may have ended: counted at once then, not lost.
    if (!request) background++;
    else if (request.ended) statements++;
    else request.statements++;
    return query.apply(this, arguments);
  };
}

let responses = 0;
const end = http.ServerResponse.prototype.end;
const counted = new WeakSet();
http.ServerResponse.prototype.end = function countedEnd() {
  if (!counted.has(this)) {
    counted.add(this);
    responses++;
    const request = requestOf.get(this);
    if (request) {
      statements += request.statements;
      request.statements = 0;
      request.ended = true;
    }
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
    reply({ type: 'stats', statements, background, responses });
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
