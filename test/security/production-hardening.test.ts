import { attackClass } from '../helpers/attack';
import { startHarness, type Harness } from '../helpers/harness';

const CLASS = attackClass('information disclosure');

describe(`${CLASS} NODE_ENV=production`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ NODE_ENV: 'production', SITE_URL: 'https://tin.example.vn', LOG_LEVEL: 'silent' });
  });
  afterAll(() => h?.close());

  test(`${CLASS} introspection is refused, naming GRAPHQL_INTROSPECTION; __typename still works`, async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Article") { fields { name } } }', '{ ...F } fragment F on Query { __schema { queryType { name } } }']) {
      const refused = await h.gql(query);
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(refused.errors?.[0].message).toContain('GRAPHQL_INTROSPECTION');
    }
    expect((await h.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  test(`${CLASS} a misspelt field or argument gets no "Did you mean" suggestion`, async () => {
    for (const query of ['{ artcles { nodes { id } } }', '{ articles(frist: 1) { nodes { id } } }', '{ articles { nodes { titel } } }']) {
      const refused = await h.gql(query);
      expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.errors?.[0].message).not.toMatch(/did you mean/i);
    }
  });

  test(`${CLASS} the GraphiQL IDE is off`, async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toContain('graphiql');
  });

  test(`${CLASS} an internal failure is masked: no SQL, no stack, only a request id matching the response header`, async () => {
    // A broken database, on this test's private copy: the site table is gone.
    await h.orm.em.getConnection().execute('alter table site rename to site_gone');
    try {
      const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ site { name } }' }) });
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].message).toBe('Internal server error');
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: response.headers.get('x-request-id') });
      expect(JSON.stringify(body)).not.toMatch(/relation|select|stack|does not exist/i);
    } finally {
      await h.orm.em.getConnection().execute('alter table site_gone rename to site');
    }
  });
});
