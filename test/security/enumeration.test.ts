import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import { LOGIN_FAILED } from '../../src/modules/identity';
import { Role, createAccount, loginRequest, signIn, testAddress } from '../helpers/accounts';
import { issueApiKey, revokeApiKeyRequest, withKey } from '../helpers/api-keys';
import { attackClass, withStatementCount } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
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

/** The cost a bcrypt hash was made with: "$2b$06$…" → 6. */
function costOf(hash: string): number {
  return Number(hash.split('$')[2]);
}

/** An email no account has. */
const unknownEmail = () => `nobody-${uniqueToken()}@example.test`;

// test/integration/auth.test.ts ("login timing") measures the wall clock; this counts the work itself, which does not flake.
describe(`${CLASS} the work a failed credential costs does not depend on whether it names something real`, () => {
  let h: Harness;
  // Not the test default (4): the unknown email's stand-in hash must follow the configured cost.
  beforeAll(async () => {
    h = await startHarness({ BCRYPT_COST: '6', LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'true' });
  });
  afterAll(() => h?.close());
  afterEach(() => jest.restoreAllMocks());

  /** A failed login from a fresh address: its answer and the cost of each bcrypt compare it ran. */
  async function failedLogin(email: string, password: string) {
    const compare = jest.spyOn(bcrypt, 'compare');
    compare.mockClear();
    const result = await loginRequest(h, email, password, testAddress());
    const costs = compare.mock.calls.map(([, hash]) => costOf(hash));
    compare.mockRestore();
    return { errors: result.errors, costs };
  }

  test(`${CLASS} an unknown email, a wrong password and an inactive account each cost exactly one bcrypt compare at the configured cost`, async () => {
    const known = await createAccount(h);
    const inactive = await createAccount(h, { active: false });
    const wrongPassword = await failedLogin(known.email, 'not the password at all');
    expect(wrongPassword.costs).toEqual([6]);
    expect(wrongPassword.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([[LOGIN_FAILED, 'UNAUTHENTICATED']]);
    // Twice: the stand-in hash is made on first use, and the second attempt must cost the same.
    for (let attempt = 0; attempt < 2; attempt += 1) expect(await failedLogin(unknownEmail(), 'not the password at all')).toEqual(wrongPassword);
    expect(await failedLogin(inactive.email, inactive.password)).toEqual(wrongPassword);
  });

  test(`${CLASS} a password over bcrypt's 72 bytes is refused without a compare, for a real email as for an unknown one`, async () => {
    const known = await createAccount(h);
    const tooLong = 'p'.repeat(73);
    const real = await failedLogin(known.email, tooLong);
    expect(real.costs).toEqual([]);
    expect(real.errors?.[0].message).toBe(LOGIN_FAILED);
    expect(await failedLogin(unknownEmail(), tooLong)).toEqual(real);
  });

  test(`${CLASS} an unknown email is locked out after LOGIN_MAX_FAILURES (3) failures exactly like a real one`, async () => {
    const known = await createAccount(h);
    const unknown = unknownEmail();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await failedLogin(known.email, `wrong password ${attempt}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await failedLogin(unknown, `wrong password ${attempt}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The real account is refused even with its right password, and no bcrypt work is spent on either.
    const lockedReal = await failedLogin(known.email, known.password);
    const lockedUnknown = await failedLogin(unknown, known.password);
    for (const locked of [lockedReal, lockedUnknown]) {
      expect(locked.costs).toEqual([]);
      expect(locked.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
    }
    expect(lockedUnknown.errors?.[0].message).toBe(lockedReal.errors?.[0].message);
  });

  test(`${CLASS} an API key with a real key's prefix and a forged secret is refused exactly like an unknown or a revoked key, after the same single lookup`, async () => {
    const admin = await signIn(h, { role: Role.ADMIN });
    const live = await issueApiKey(h, admin.token);
    const revoked = await issueApiKey(h, admin.token);
    dataOf(await revokeApiKeyRequest(h, { token: admin.token }, revoked.apiKey.id));
    const forgedSecret = () => randomBytes(32).toString('base64url');
    const keys = {
      realPrefix: `${live.apiKey.prefix}_${forgedSecret()}`,
      unknownPrefix: `bpk_${randomBytes(6).toString('hex')}_${forgedSecret()}`,
      revoked: revoked.key,
    };
    const answers = [];
    for (const key of Object.values(keys)) {
      const { result, statements } = await withStatementCount(h, () => h.gql('{ __typename }', undefined, withKey(key)));
      answers.push({ status: result.status, errors: result.errors, statements });
    }
    expect(answers[0]).toEqual({ status: 401, errors: [{ message: 'The API key is invalid or has been revoked', extensions: { code: 'UNAUTHENTICATED' } }], statements: 1 });
    expect(answers).toEqual([answers[0], answers[0], answers[0]]);
    // The real key still works: the forged one did not lock or disturb it.
    expect(dataOf(await h.gql('{ __typename }', undefined, withKey(live.key)))).toEqual({ __typename: 'Query' });
  });
});
