import { createHash } from 'node:crypto';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { attackClass, expectRefusedBeforeExecution, postGraphQL } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

/** `depth` levels of nested fields: articles → nodes → category → articles → nodes → … */
function nestedQuery(depth: number): string {
  const steps = ['articles(first: 1)', 'nodes', 'category'];
  // The innermost field: one its enclosing step's type has.
  let query = (depth - 1) % 3 === 1 ? 'totalCount' : 'id';
  for (let level = depth - 1; level >= 1; level -= 1) query = `${steps[(level - 1) % 3]} { ${query} }`;
  return `{ ${query} }`;
}

/** A valid document of exactly `tokens` tokens: a list of statuses (one token each, ten characters each) in a filter. */
function longDocument(tokens: number): string {
  // { articles ( first : 1 filter : { status : [ … ] } ) { totalCount } } is 19 tokens around the list.
  return `{ articles(first: 1, filter: { status: [${'PUBLISHED '.repeat(tokens - 19)}] }) { totalCount } }`;
}

const CLASS = attackClass('resource exhaustion');

describe(`${CLASS} query limits, anonymous`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  test(`${CLASS} a query nested 9 levels deep is refused before any SQL; 8 levels run`, async () => {
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(nestedQuery(9)), 'GRAPHQL_VALIDATION_FAILED', 'depth');
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].message).toBe('Query depth limit of 8 exceeded, found 9. (GRAPHQL_MAX_DEPTH)');
    dataOf(await h.gql(nestedQuery(8)));
  });

  test(`${CLASS} depth hidden in fragments counts as if written inline`, async () => {
    const query = `{ articles(first: 1) { ...A } }
      fragment A on ArticleConnection { nodes { ...B } }
      fragment B on Article { category { articles(first: 1) { ...C } } }
      fragment C on ArticleConnection { nodes { category { articles(first: 1) { nodes { id } } } } }`;
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(query), 'GRAPHQL_VALIDATION_FAILED', 'depth');
    expect(refused.errors?.[0].message).toContain('found 9');
  });

  test(`${CLASS} 16 aliases are refused, also when hidden in a fragment; 15 run`, async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: categories { id }`).join(' ');
    await expectRefusedBeforeExecution(h, () => h.gql(`{ ${aliases(16)} }`), 'GRAPHQL_VALIDATION_FAILED', 'aliases');
    await expectRefusedBeforeExecution(h, () => h.gql(`{ ${aliases(10)} ...F } fragment F on Query { ${aliases(6).replace(/a(\d+):/g, 'b$1:')} }`), 'GRAPHQL_VALIDATION_FAILED', 'aliases');
    const ok = dataOf(await h.gql(`{ ${aliases(15)} }`));
    expect(Object.keys(ok)).toHaveLength(15);
  });

  test(`${CLASS} 51 directives are refused; 50 run`, async () => {
    // One per inline fragment: graphql-js itself refuses a directive repeated in one place.
    const directives = (n: number) => `{ ${'... @include(if: true) { __typename } '.repeat(n)}}`;
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(directives(51)), 'GRAPHQL_VALIDATION_FAILED', 'directives');
    expect(refused.errors?.[0].message).toBe('Directives limit of 50 exceeded, found 51. (GRAPHQL_MAX_DIRECTIVES)');
    expect(dataOf(await h.gql(directives(50)))).toEqual({ __typename: 'Query' });
  });

  test(`${CLASS} a document of more than 1000 tokens is refused before parsing (BAD_USER_INPUT); 1000 run`, async () => {
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(longDocument(1001)), 'BAD_USER_INPUT', 'tokens');
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].message).toBe('The document has more than 1000 tokens, the limit for anonymous callers and API keys (GRAPHQL_MAX_TOKENS)');
    dataOf(await h.gql(longDocument(1000)));
  });

  test(`${CLASS} a document of 15001 characters is refused before parsing, even when it is mostly a comment`, async () => {
    const query = `{ __typename }\n#${'x'.repeat(15_001 - 16)}`;
    expect(query).toHaveLength(15_001);
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(query), 'BAD_USER_INPUT', 'documentLength');
    expect(refused.errors?.[0].message).toBe('The document is 15001 characters long, above the limit of 15000 (GRAPHQL_MAX_DOCUMENT_LENGTH)');
    dataOf(await h.gql(query.slice(0, 15_000)));
  });

  test(`${CLASS} a costly query (a page of 100 holding categories holding pages) is refused, with its variables counted`, async () => {
    const costly = `query($n: Int) { articles(first: $n) { nodes { title category { articles(first: $n) { nodes { title } } } } } }`;
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(costly, { n: 100 }), 'BAD_USER_INPUT', 'cost');
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].message).toMatch(/^The query's estimated cost is \d+, above the limit of 5000 for anonymous callers and API keys: .* \(GRAPHQL_MAX_COST\)$/);
    expect(refused.errors?.[0].extensions).toMatchObject({ maxCost: 5000 });
    // The same document with small pages is within the budget.
    dataOf(await h.gql(costly, { n: 5 }));
  });

  test(`${CLASS} two login mutations in one document are refused before any password is checked`, async () => {
    const twice = `mutation { a: login(email: "a@example.test", password: "one password") { token } b: login(email: "a@example.test", password: "two password") { token } }`;
    const refused = await expectRefusedBeforeExecution(h, () => h.gql(twice), 'GRAPHQL_VALIDATION_FAILED', 'authMutations');
    expect(refused.errors?.[0].message).toContain('at most one authentication mutation (login, changePassword); found 2');
    const mixed = `mutation { login(email: "a@example.test", password: "one password") { token } changePassword(currentPassword: "x", newPassword: "yyyyyyyyyyyy") }`;
    await expectRefusedBeforeExecution(h, () => h.gql(mixed), 'GRAPHQL_VALIDATION_FAILED', 'authMutations');
  });

  test(`${CLASS} an HTTP array batch is refused`, async () => {
    const batch = await postGraphQL(h, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(JSON.stringify(batch.body)).toContain('Operation batching disabled');
  });

  test(`${CLASS} a mutation over GET is refused with 405`, async () => {
    const response = await fetch(`${h.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test(`${CLASS} a body over 1 MB is refused with 413 PAYLOAD_TOO_LARGE`, async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_000_001) } });
    const answer = await postGraphQL(h, body);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  test(`${CLASS} request headers over 16 KB are refused with 431`, async () => {
    const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pad': 'x'.repeat(17_000) }, body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(431);
  });

  test(`${CLASS} an unknown persisted-query hash runs nothing: PERSISTED_QUERY_NOT_FOUND`, async () => {
    const answer = await postGraphQL(h, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } }));
    expect(answer.body).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
  });
});

describe(`${CLASS} the token limit of signed-in staff`, () => {
  let h: Harness;
  let editor: SignedIn;
  beforeAll(async () => {
    h = await startHarness();
    editor = await signIn(h, { role: Role.EDITOR });
  });
  afterAll(() => h?.close());

  test(`${CLASS} staff may send the 1100-token document anonymous callers may not`, async () => {
    await expectRefusedBeforeExecution(h, () => h.gql(longDocument(1100)), 'BAD_USER_INPUT', 'tokens');
    expect(dataOf(await h.gql(longDocument(1100), undefined, { token: editor.token }))).toMatchObject({ articles: { totalCount: expect.any(Number) } });
  });

  test(`${CLASS} staff have a larger cost budget (GRAPHQL_MAX_COST_STAFF 20000): a 7441 query refused to the public runs for them`, async () => {
    const costly = `query($n: Int) { articles(first: $n) { nodes { title category { articles(first: $n) { nodes { title } } } } } }`;
    await expectRefusedBeforeExecution(h, () => h.gql(costly, { n: 60 }), 'BAD_USER_INPUT', 'cost');
    dataOf(await h.gql(costly, { n: 60 }, { token: editor.token }));
    const refused = await h.gql(costly, { n: 100 }, { token: editor.token });
    expect(refused.errors?.[0].message).toMatch(/above the limit of 20000 for signed-in staff: .* \(GRAPHQL_MAX_COST_STAFF\)$/);
  });

  test(`${CLASS} a long document a staff member persisted is refused to an anonymous caller sending only its hash`, async () => {
    const query = longDocument(1100);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    // The staff member registers it (query and hash), then uses it by hash alone.
    const registered = await postGraphQL(h, JSON.stringify({ query, extensions: persisted }), { authorization: `Bearer ${editor.token}` });
    expect(registered.body).toMatchObject({ data: { articles: { totalCount: expect.any(Number) } } });
    const byHash = await postGraphQL(h, JSON.stringify({ extensions: persisted }), { authorization: `Bearer ${editor.token}` });
    expect(byHash.body).toMatchObject({ data: { articles: { totalCount: expect.any(Number) } } });
    const before = h.queryCount();
    const anonymous = await postGraphQL(h, JSON.stringify({ extensions: persisted }));
    expect(anonymous.status).toBe(400);
    expect(anonymous.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', limit: 'tokens' } }] });
    expect(h.queryCount()).toBe(before);
  });

  test(`${CLASS} staff are refused past 3000 tokens`, async () => {
    const query = `query($x: [Int] = [${'1 '.repeat(3_100)}]) { __typename }`;
    const refused = await h.gql(query, undefined, { token: editor.token });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0].message).toBe('The document has more than 3000 tokens, the limit for signed-in staff (GRAPHQL_MAX_TOKENS_STAFF)');
  });
});

describe(`${CLASS} with the response cache and the compiled executor`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ RESPONSE_CACHE_TTL_MS: '60000' });
  });
  afterAll(() => h?.close());

  test(`${CLASS} a refused document is refused every time (never cached), a valid one is cached`, async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refused = await expectRefusedBeforeExecution(h, () => h.gql(nestedQuery(9)), 'GRAPHQL_VALIDATION_FAILED', 'depth');
      expect(refused.headers.get('x-cache')).toBeNull();
    }
    const first = await h.gql(nestedQuery(8));
    const second = await h.gql(nestedQuery(8));
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(second.data).toEqual(first.data);
  });
});
