import { Role, createAccount, loginRequest, signIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

const CLASS = attackClass('enumeration and oracles');

describe(`${CLASS} accounts and ids cannot be told apart from outside`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ LOGIN_MAX_FAILURES: '1000' });
  });
  afterAll(() => h?.close());

  test(`${CLASS} a wrong password for a real account answers exactly like an unknown email`, async () => {
    const account = await createAccount(h, { role: Role.EDITOR });
    const known = await loginRequest(h, account.email, 'wrong password here');
    const unknown = await loginRequest(h, 'nobody-at-all@example.test', 'wrong password here');
    expect(known.status).toBe(unknown.status);
    expect(known.errors).toEqual(unknown.errors);
    expect(known.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test(`${CLASS} the users list and staff-only fields are closed to anonymous callers`, async () => {
    const users = await h.gql('{ users { nodes { email } } }');
    expect(users.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const author = await signIn(h, { role: Role.AUTHOR });
    const asAuthor = await h.gql('{ users { nodes { email } } }', undefined, { token: author.token });
    expect(asAuthor.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test(`${CLASS} an article's author shows name and slug, never email, role or activity, to the public`, async () => {
    const result = await h.gql<{ articles: { nodes: { author: Record<string, unknown> | null }[] } }>('{ articles(first: 1) { nodes { author { displayName email role active } } } }');
    const author = result.data?.articles.nodes[0].author;
    expect(author).toMatchObject({ email: null, role: null, active: null });
    expect(typeof author?.displayName).toBe('string');
    expect(new Set(result.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
  });

  test(`${CLASS} error messages never echo SQL, stack traces or hidden values`, async () => {
    const probes = ['{ article(id: "not-a-uuid") { id } }', '{ articles(after: "forged-cursor") { nodes { id } } }', '{ media(id: "00000000-0000-4000-8000-000000000001") { url } }'];
    for (const probe of probes) {
      const result = await h.gql(probe);
      for (const error of result.errors ?? []) {
        expect(error.message).not.toMatch(/select |insert |postgres|stack|at .*\.ts|node_modules/i);
        expect(error.extensions?.stacktrace).toBeUndefined();
      }
    }
    expect(dataOf(await h.gql<{ media: null }>(probes[2]))).toEqual({ media: null });
  });
});
