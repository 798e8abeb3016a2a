import { poolStats } from '../../src/db/pool-stats';
import { Client } from 'pg';
import { createArticle } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { readHomepage, recordView, type Outcome } from './lib/traffic';
import { storedViewCount } from './lib/ledger';

/**
 * Every pool connection held by a slow query (here: reads waiting on a lock another session
 * holds on the article table): new requests wait DB_ACQUIRE_TIMEOUT_MS for a connection, then get
 * a clean 503; when the hog ends the waiting queries finish, throughput is back and the pool
 * holds no connection it lost track of.
 */

const POOL_MAX = 3;
let h: Harness;
let hog: Client;
let articleId: string;

beforeAll(async () => {
  h = await startHarness({}, { pool: { max: POOL_MAX, acquireTimeoutMs: 800 } });
  articleId = (await createArticle(h.orm.em.fork())).id;
  hog = new Client({ connectionString: h.config.databaseUrl });
  await hog.connect();
});
afterAll(async () => {
  await hog?.end();
  await h?.close();
});

const pool = () => poolStats(h.orm);

test('a full pool answers 503 SERVICE_UNAVAILABLE with Retry-After after the acquire timeout, then recovers with no leaked connection', async () => {
  const target = { url: h.url, articleId };
  const viewsBefore = await storedViewCount(h.config.databaseUrl!, articleId);
  await hog.query('begin');
  await hog.query('lock table article in access exclusive mode');
  // These take every connection and wait on the lock.
  const blocked = Array.from({ length: POOL_MAX }, () => readHomepage(target));
  await waitFor(() => pool().inUse === POOL_MAX);

  const refusedRead = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ articles(first: 1) { nodes { id } } }' }) });
  const refusedBody = (await refusedRead.json()) as { errors: { message: string; extensions: { code: string } }[] };
  const refusedView = await recordView(target);

  await hog.query('commit');
  const finished: Outcome[] = await Promise.all(blocked);
  const after = await Promise.all(Array.from({ length: 10 }, () => readHomepage(target)));
  const countedAfter = await recordView(target);
  await waitFor(() => pool().inUse === 0);
  const { rows } = await hog.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');

  expect(refusedRead.status).toBe(503);
  expect(refusedRead.headers.get('retry-after')).toBe('2');
  expect(refusedBody.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(refusedBody.errors[0].message).toBe('The service is temporarily unavailable: retry shortly');
  // A view that found no connection is not counted (false, never an error), and not stored.
  expect(refusedView).toMatchObject({ status: 200, acknowledged: false });
  expect(finished.map((o) => o.status)).toEqual(Array(POOL_MAX).fill(200));
  expect(after.map((o) => o.status)).toEqual(Array(10).fill(200));
  expect(countedAfter.acknowledged).toBe(true);
  expect(await storedViewCount(h.config.databaseUrl!, articleId)).toBe(viewsBefore + 1);
  expect(pool().waiting).toBe(0);
  // The server's connections to this database: never more than its pool (the harness shares it with the checks).
  expect(Number(rows[0].n)).toBeLessThanOrEqual(POOL_MAX);
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
