'use strict';
/* global process, console */
/**
 * Runs autocannon in its own process (never in the bench's) and prints one BENCH_RESULT line.
 * argv[2]: JSON { url, connections, durationS, overallRate?, bodiesFile?, body? }. With
 * overallRate it offers that many requests per second in all (autocannon then corrects the
 * latencies for coordinated omission); each request's body is a random line of bodiesFile.
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
