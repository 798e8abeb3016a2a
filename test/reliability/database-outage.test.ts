import { poolStats } from '../../src/db/pool-stats';
import { createArticle, createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { signIn } from '../helpers/accounts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { TEMPLATE_ENV } from '../helpers/test-database';
import { recordingLogger } from '../helpers/recording-logger';
import { checkWrites, storedViewCount } from './lib/ledger';
import { readHomepage, startMixedTraffic, tally, type Outcome, type Target } from './lib/traffic';

/**
 * The database goes away under mixed traffic and comes back, through a TCP relay the test cuts
 * (open connections reset, new ones refused): what a PostgreSQL restart looks like to Bulletin.
 * The same run against a real restarted cluster is test/reliability/pg-restart.ts.
 */

let proxy: TcpProxy;
let h: Harness;
let target: Target;
const log = recordingLogger();

beforeAll(async () => {
  const server = new URL(process.env[TEMPLATE_ENV]!);
  proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  h = await startHarness({}, {
    logger: log.logger,
    pool: { max: 4, acquireTimeoutMs: 1_000 },
    connectThrough: (url) => Object.assign(new URL(url), { port: String(proxy.port) }).toString(),
  });
  const author = await signIn(h);
  target = { url: h.url, articleId: (await createArticle(h.orm.em.fork())).id, categoryId: (await createCategory(h.orm.em.fork())).id, token: author.token };
});
afterAll(async () => {
  // The relay first: it destroys every socket through it, so closing the app and its pool never
  // waits on a connection a cut left half-open.
  await proxy?.close();
  await h?.close();
}, 60_000);

/** Sent and answered within [from, to): a request still waiting for a connection when the database returns may rightly succeed. */
const during = (outcomes: Outcome[], from: number, to: number) => outcomes.filter((o) => o.at >= from && o.at + o.ms < to);

test('an outage answers 503 SERVICE_UNAVAILABLE at once, recovers without a restart, and loses or invents no acknowledged write', async () => {
  const viewsBefore = await storedViewCount(h.config.databaseUrl!, target.articleId);
  const traffic = startMixedTraffic(target, { workers: 4, runTag: `outage-${Date.now()}` });
  await sleep(1_500);
  const cutAt = Date.now();
  await proxy.cut();
  await sleep(2_000);
  const restoredAt = Date.now();
  await proxy.restore();
  // Recovered when a read succeeds again; then the traffic runs on for a while.
  let recoveredAt = 0;
  while (recoveredAt === 0) {
    if ((await readHomepage(target)).status === 200) recoveredAt = Date.now();
    else await sleep(50);
  }
  await sleep(1_500);
  const steadyFrom = Date.now();
  await sleep(1_000);
  await traffic.stop();

  const outcomes = traffic.outcomes;
  const outage = during(outcomes, cutAt + 100, restoredAt);
  const check = await checkWrites(h.config.databaseUrl!, target.articleId, viewsBefore, outcomes);
  console.log(JSON.stringify({ recoveredAfterMs: recoveredAt - restoredAt, answers: tally(outcomes), outage: tally(outage), ...check }, null, 1));

  // No crash, no hang, no 500: during the outage reads and saves are a clean 503; views answer false.
  expect(outcomes.filter((o) => o.status === 0 || o.status === 500 || o.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
  const refused = outage.filter((o) => o.kind !== 'view');
  expect(refused.length).toBeGreaterThan(0);
  const relative = (o: Outcome) => `${o.kind} ${o.status} ${o.code} sent ${o.at - cutAt} ms after the cut, answered after ${o.ms} ms`;
  expect(refused.filter((o) => o.status !== 503 || o.code !== 'SERVICE_UNAVAILABLE').map(relative)).toEqual([]);
  expect(outage.filter((o) => o.kind === 'view' && o.acknowledged)).toEqual([]);
  // Once steady again, everything succeeds: no connection left broken in the pool.
  const steady = outcomes.filter((o) => o.at >= steadyFrom);
  expect(steady.length).toBeGreaterThan(0);
  expect(steady.filter((o) => o.status !== 200 || (o.kind !== 'read' && !o.acknowledged))).toEqual([]);
  // Every acknowledged write stored; at most the writes cut mid-commit (their answer lost) are stored without acknowledgement.
  expect(check.saves.acknowledgedStored).toBe(check.saves.acknowledged);
  expect(check.saves.withoutRevision).toBe(0);
  expect(check.views.stored).toBeGreaterThanOrEqual(check.views.acknowledged);
  expect(check.views.stored - check.views.acknowledged + check.saves.failedStored).toBeLessThanOrEqual(4);
  // The pool's dropped connections are warnings in the JSON log, not lines on the console.
  expect(log.lines.filter((line) => line.component === 'database').map((line) => [line.level, line.msg])).toContainEqual([40, 'Connection Error: Connection ended unexpectedly']);
  // No connection left taken: a transaction whose start the cut broke gives its connection back.
  expect(await settledConnectionsInUse()).toBe(0);
}, 60_000);

/** Connections taken from the server's pool once a background flush under way (views, ad events) has ended. */
async function settledConnectionsInUse(): Promise<number> {
  for (let waited = 0; poolStats(h.orm).inUse > 0 && waited < 3_000; waited += 50) await sleep(50);
  return poolStats(h.orm).inUse;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
