import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { LOGIN_FAILED } from '../../src/modules/identity';
import { Role, createAccount, logIn, loginRequest, signIn, testAddress, type Account } from '../helpers/accounts';
import { dataOf, errorOf } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';

/** Login: tokens, generic failures, password rules, Unicode forms and throttling. */

const REDIS_URL = 'redis://127.0.0.1:6379';
const THROTTLE_PREFIX = 'bulletin:login-failures:';

let h: Harness;
beforeAll(async () => {
  // TRUST_PROXY: each test chooses its client address, so per-address counters never leak between tests.
  h = await startHarness({ TRUST_PROXY: 'true' });
});
afterAll(() => h?.close());

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role } }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;

async function passwordHashOf(harness: Harness, userId: string): Promise<string> {
  return (await harness.orm.em.getKnex()('users').first('password_hash').where('id', userId)).password_hash as string;
}

describe('login', () => {
  test('returns a token, its expiry and the user', async () => {
    const account = await createAccount(h, { role: Role.EDITOR });
    const before = Date.now();
    const { login } = dataOf(await loginRequest(h, account.email, account.password, testAddress()));
    expect(login.user).toEqual({ id: account.user.id, email: account.email, role: 'EDITOR', displayName: account.user.displayName });
    // 32 random bytes in base64url after a recognisable prefix.
    expect(login.token).toMatch(/^blt_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(login.token.slice(4), 'base64url')).toHaveLength(32);
    const expiresAt = new Date(login.expiresAt).getTime();
    const absolute = h.config.sessionAbsoluteHours * 3_600_000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + absolute - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + absolute + 1_000);
  });

  test('stores only the SHA-256 of the token, never the token', async () => {
    const account = await createAccount(h);
    const token = await logIn(h, account.email, account.password);
    const rows = await h.orm.em.getKnex()('session').select('*').where('user_id', account.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(4));
  });

  test('gives every login its own token', async () => {
    const account = await createAccount(h);
    const tokens = [await logIn(h, account.email, account.password), await logIn(h, account.email, account.password)];
    expect(new Set(tokens).size).toBe(2);
  });

  test('accepts the email in any case and with surrounding spaces', async () => {
    const account = await createAccount(h);
    const { login } = dataOf(await loginRequest(h, `  ${account.email.toUpperCase()} `, account.password, testAddress()));
    expect(login.user.id).toBe(account.user.id);
  });

  test('me is null without a token and the user with one', async () => {
    const account = await createAccount(h, { role: Role.AUTHOR });
    const me = `{ me { id email role active } }`;
    expect(dataOf(await h.gql(me))).toEqual({ me: null });
    const token = await logIn(h, account.email, account.password);
    expect(dataOf(await h.gql(me, {}, { token }))).toEqual({ me: { id: account.user.id, email: account.email, role: 'AUTHOR', active: true } });
  });

  test('an unknown email and a wrong password fail identically', async () => {
    const account = await createAccount(h);
    const unknown = await loginRequest(h, `nobody-${uniqueToken()}@example.test`, account.password, testAddress());
    const wrong = await loginRequest(h, account.email, 'not the right password', testAddress());
    for (const result of [unknown, wrong]) {
      expect(result.data ?? null).toBeNull();
      expect(errorOf(result)).toMatchObject({ message: LOGIN_FAILED, extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(errorOf(unknown).message).toBe(errorOf(wrong).message);
    expect(errorOf(unknown).extensions).toEqual(errorOf(wrong).extensions);
  });

  test('an absurdly long email is just a failed login', async () => {
    const result = await loginRequest(h, `${'x'.repeat(50_000)}@example.test`, 'whatever password', testAddress());
    expect(errorOf(result)).toMatchObject({ message: LOGIN_FAILED, extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('an inactive user cannot log in, and is told nothing more', async () => {
    const account = await createAccount(h, { active: false });
    const result = await loginRequest(h, account.email, account.password, testAddress());
    expect(errorOf(result)).toMatchObject({ message: LOGIN_FAILED, extensions: { code: 'UNAUTHENTICATED' } });
    expect(await h.orm.em.getKnex()('session').where('user_id', account.user.id)).toHaveLength(0);
  });
});

describe('login timing', () => {
  let slow: Harness;
  // A real bcrypt cost, so a skipped hash would show against the HTTP round trip.
  beforeAll(async () => {
    slow = await startHarness({ BCRYPT_COST: '10', TRUST_PROXY: 'true' });
  });
  afterAll(() => slow?.close());

  async function timed(email: string, password: string): Promise<number> {
    const started = process.hrtime.bigint();
    const result = await loginRequest(slow, email, password, testAddress());
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(errorOf(result).message).toBe(LOGIN_FAILED);
    return ms;
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  test('an unknown email takes about as long as a wrong password (both go through bcrypt)', async () => {
    const known = await createAccount(slow);
    const inactive = await createAccount(slow, { active: false });
    const unknownEmail = `nobody-${uniqueToken()}@example.test`;
    await timed(unknownEmail, 'warm up the dummy hash');
    const samples = { known: [] as number[], unknown: [] as number[], inactive: [] as number[] };
    for (let i = 0; i < 3; i += 1) {
      samples.known.push(await timed(known.email, `wrong password ${i}`));
      samples.unknown.push(await timed(unknownEmail, `wrong password ${i}`));
      samples.inactive.push(await timed(inactive.email, inactive.password));
    }
    const reference = median(samples.known);
    expect(median(samples.unknown)).toBeGreaterThan(reference / 3);
    expect(median(samples.inactive)).toBeGreaterThan(reference / 3);
    expect(reference).toBeGreaterThan(median(samples.unknown) / 3);
  });
});

describe('password rules', () => {
  let admin: string;
  beforeAll(async () => {
    admin = (await signIn(h, { role: Role.ADMIN })).token;
  });

  const tooShort = 'abcdefghi'; // 9 bytes
  const over73 = `${'ệ'.repeat(24)}a`; // 73 bytes in UTF-8
  const over75 = 'ệ'.repeat(25); // 75 bytes
  const exactly72 = 'ệ'.repeat(24); // 72 bytes

  test.each([
    ['9 bytes', tooShort, /at least 10 bytes/],
    ['73 bytes', over73, /at most 72 bytes.*73/],
    ['75 bytes (25 × "ệ")', over75, /at most 72 bytes.*75/],
  ])('createUser refuses a password of %s with a clear message', async (_label, password, message) => {
    const email = `refused-${uniqueToken()}@example.test`;
    const result = await h.gql(CREATE_USER, { input: { email, displayName: 'Refused', role: 'AUTHOR', password } }, { token: admin });
    expect(errorOf(result)).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', field: 'password' } });
    expect(await h.orm.em.getKnex()('users').where('email', email)).toHaveLength(0);
  });

  test.each([
    ['9 bytes', tooShort, /at least 10 bytes/],
    ['73 bytes', over73, /at most 72 bytes.*73/],
    ['75 bytes (25 × "ệ")', over75, /at most 72 bytes.*75/],
  ])('changePassword refuses a new password of %s and keeps the old one', async (_label, password, message) => {
    const account = await signIn(h);
    const hash = await passwordHashOf(h, account.user.id);
    const result = await h.gql(CHANGE_PASSWORD, { current: account.password, next: password }, { token: account.token });
    expect(errorOf(result)).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    expect(await passwordHashOf(h, account.user.id)).toBe(hash);
  });

  test('accepts a password of exactly 72 bytes, through createUser and changePassword', async () => {
    const email = `exact-${uniqueToken()}@example.test`;
    dataOf(await h.gql(CREATE_USER, { input: { email, displayName: 'Exact', role: 'AUTHOR', password: exactly72 } }, { token: admin }));
    const token = await logIn(h, email, exactly72);
    const next = `${'ư'.repeat(36)}`; // 72 bytes too
    expect(dataOf(await h.gql(CHANGE_PASSWORD, { current: exactly72, next }, { token }))).toEqual({ changePassword: true });
    await logIn(h, email, next);
  });

  test('a Vietnamese password logs in whether typed in NFC or NFD', async () => {
    const nfc = 'Mật khẩu rất bí mật 2024'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const stored = await createAccount(h, { password: nfc });
    await logIn(h, stored.email, nfd);
    await logIn(h, stored.email, nfc);

    // Created with NFD through the API; NFD of 24 × "ệ" is 120 bytes but only 72 once normalized.
    const email = `nfd-${uniqueToken()}@example.test`;
    dataOf(await h.gql(CREATE_USER, { input: { email, displayName: 'Nfd', role: 'AUTHOR', password: exactly72.normalize('NFD') } }, { token: admin }));
    await logIn(h, email, exactly72.normalize('NFC'));
  });
});

describe('login throttling', () => {
  async function fail(harness: Harness, email: string, address: string): Promise<void> {
    const result = await loginRequest(harness, email, 'definitely wrong', address);
    expect(errorOf(result).extensions?.code).toBe('UNAUTHENTICATED');
  }

  function expectRateLimited(result: GraphQLResult<unknown>, windowMinutes: number): void {
    const error = errorOf(result);
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/Too many failed logins; try again in \d+ minute/);
    const retryAfter = error.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowMinutes * 60);
    expect(result.data ?? null).toBeNull();
  }

  test('after 10 failures for one account, the 11th attempt is refused even with the right password', async () => {
    const account = await createAccount(h);
    // From ten different addresses: only the account's counter reaches the limit.
    for (let i = 0; i < h.config.loginMaxFailures; i += 1) await fail(h, account.email, testAddress());
    expectRateLimited(await loginRequest(h, account.email, account.password, testAddress()), h.config.loginWindowMinutes);
    // Another account from a fresh address is unaffected.
    const other = await createAccount(h);
    dataOf(await loginRequest(h, other.email, other.password, testAddress()));
  });

  test('parallel guesses cannot slip under the limit: at most the limit are checked', async () => {
    const account = await createAccount(h);
    const attempts = h.config.loginMaxFailures * 3;
    const results = await Promise.all(
      Array.from({ length: attempts }, () => loginRequest(h, account.email, 'definitely wrong', testAddress())),
    );
    const codes = results.map((result) => errorOf(result).extensions?.code);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(h.config.loginMaxFailures);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(attempts - h.config.loginMaxFailures);
  });

  test('successful logins do not use up the address allowance', async () => {
    const account = await createAccount(h);
    const address = testAddress();
    for (let i = 0; i < h.config.loginMaxFailures + 2; i += 1) dataOf(await loginRequest(h, account.email, account.password, address));
  });

  test('a successful login clears the account counter', async () => {
    const account = await createAccount(h);
    for (let i = 0; i < h.config.loginMaxFailures - 1; i += 1) await fail(h, account.email, testAddress());
    dataOf(await loginRequest(h, account.email, account.password, testAddress()));
    for (let i = 0; i < h.config.loginMaxFailures - 1; i += 1) await fail(h, account.email, testAddress());
    dataOf(await loginRequest(h, account.email, account.password, testAddress()));
  });

  describe('per client address', () => {
    let small: Harness;
    beforeAll(async () => {
      small = await startHarness({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'true' });
    });
    afterAll(() => small?.close());

    test('failures on different emails from one address block that address, not others', async () => {
      const address = testAddress();
      for (let i = 0; i < 3; i += 1) await fail(small, `guess-${i}-${uniqueToken()}@example.test`, address);
      const account = await createAccount(small);
      expectRateLimited(await loginRequest(small, account.email, account.password, address), small.config.loginWindowMinutes);
      dataOf(await loginRequest(small, account.email, account.password, testAddress()));
    });
  });

  describe('shared through Redis', () => {
    const harnesses: Harness[] = [];
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const keys: string[] = [];

    beforeAll(async () => {
      await redis.connect();
      for (let i = 0; i < 2; i += 1) harnesses.push(await startHarness({ REDIS_URL, LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'true' }));
    });
    afterAll(async () => {
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await Promise.all(harnesses.map((harness) => harness.close()));
    });

    test('failures counted on one instance block logins on the other', async () => {
      const [first, second] = harnesses;
      const email = `shared-${uniqueToken()}@example.test`;
      const accounts: Account[] = [];
      // The same account in both instances' databases (each harness has its own copy).
      for (const harness of harnesses) accounts.push(await createAccount(harness, { email }));
      const addresses = [testAddress(), testAddress(), testAddress(), testAddress()];
      keys.push(`${THROTTLE_PREFIX}account:${email}`, ...addresses.map((address) => `${THROTTLE_PREFIX}address:${address}`));

      for (let i = 0; i < 3; i += 1) await fail(first, email, addresses[i]);
      expect(Number(await redis.get(`${THROTTLE_PREFIX}account:${email}`))).toBe(3);
      expectRateLimited(await loginRequest(second, email, accounts[1].password, addresses[3]), second.config.loginWindowMinutes);
      expectRateLimited(await loginRequest(first, email, accounts[0].password, addresses[3]), first.config.loginWindowMinutes);
    });
  });
});
