import { startHarness, type Harness } from '../helpers/harness';

/**
 * The first step of a shutdown (src/main.ts): readiness turns 503 at once, before the scheduler's
 * run under way and the in-flight requests are waited for, while requests are still served.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

test('after markShuttingDown, /readyz answers 503 shuttingDown while GraphQL still answers', async () => {
  expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
  h.app.markShuttingDown();
  const readiness = await fetch(`${h.url}/readyz`);
  expect(readiness.status).toBe(503);
  expect(await readiness.json()).toMatchObject({ ready: false, shuttingDown: true });
  const served = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  expect(served.status).toBe(200);
  expect(await served.json()).toEqual({ data: { __typename: 'Query' } });
});
