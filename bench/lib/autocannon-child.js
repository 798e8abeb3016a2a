'use strict';
/* global process, console */
/**
 * Runs autocannon in its own process (never in the bench's) and prints one BENCH_RESULT line.
 * argv[2]: JSON { url, connections, durationS, overallRate?, bodiesFile?, body? }. With
 * overallRate it offers that many requests per second in all, spread over the connections; each
 * request's body is a random line of bodiesFile. Latencies are recorded as measured
 * (ignoreCoordinatedOmission): autocannon 9's correction assumes an interval of ceil(1 / rate) ms
 * with rate in requests per second per connection, i.e. 1 ms, and would turn every slow answer into
 * a run of made-up ones; at half load a connection waits a second or more between its requests,
 * so there is no queueing behind a slow answer to correct for.
 */
const fs = require('node:fs');
const autocannon = require('autocannon');

const config = JSON.parse(process.argv[2]);
const bodies = config.bodiesFile ? fs.readFileSync(config.bodiesFile, 'utf8').split('\n').filter((line) => line !== '') : [config.body];
const headers = { 'content-type': 'application/json', accept: 'application/json' };

autocannon(
  {
    url: config.url,
    connections: config.connections,
    duration: config.durationS,
    overallRate: config.overallRate || undefined,
    // autocannon refuses the flag without a rate; a closed loop has no omission to correct.
    ignoreCoordinatedOmission: Boolean(config.overallRate),
    timeout: 10,
    requests: [{ method: 'POST', headers, setupRequest: (request) => ({ ...request, body: bodies[Math.floor(Math.random() * bodies.length)] }) }],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const out = {
      requests: result.requests.total,
      durationS: result.duration,
      errors: result.errors + result.timeouts + result.non2xx,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
  },
);
