import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('answers a GraphQL query over HTTP', async () => {
  const result = await h.gql<{ articles: { nodes: unknown[] } }>('{ articles(first: 1) { nodes { id } } }');
  expect(result.errors).toBeUndefined();
  expect(Array.isArray(result.data?.articles.nodes)).toBe(true);
});
