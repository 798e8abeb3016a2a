import { LOGIN_FAILED } from '../../src/modules/identity';
import { Role, createAccount, logIn, loginRequest, signIn, testAddress } from '../helpers/accounts';
import { codeOf, dataOf } from '../helpers/expect-graphql';
import { createArticle } from '../helpers/factories';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';

/** Sessions after login: logout, password changes, admin changes, expiry, malformed headers, staff-only fields. */

const IDLE_MINUTES = 30;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ SESSION_IDLE_MINUTES: String(IDLE_MINUTES), TRUST_PROXY: 'true' });
});
afterAll(() => h?.close());

const ME = `{ me { id role } }`;
const LOGOUT = `mutation { logout }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role active } }`;
const USERS = `{ users(first: 5) { nodes { id } } }`;

/** The whole request is refused with 401 before any resolver runs. */
function expectSessionRefused(result: GraphQLResult<unknown>): void {
  expect(result.status).toBe(401);
  expect(codeOf(result)).toBe('UNAUTHENTICATED');
  expect(result.errors?.[0]?.message).toMatch(/log in again/);
  expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(result.data).toBeUndefined();
}

const knex = () => h.orm.em.getKnex();

describe('logout', () => {
  test('ends the current session only', async () => {
    const account = await signIn(h);
    const other = await logIn(h, account.email, account.password);
    expect(dataOf(await h.gql(LOGOUT, {}, { token: account.token }))).toEqual({ logout: true });
    expectSessionRefused(await h.gql(ME, {}, { token: account.token }));
    expectSessionRefused(await h.gql(LOGOUT, {}, { token: account.token }));
    expect(dataOf(await h.gql(ME, {}, { token: other }))).toEqual({ me: { id: account.user.id, role: 'AUTHOR' } });
  });
});

describe('changePassword', () => {
  const NEXT = 'a brand new passphrase';

  test('ends the other sessions, keeps the current one and retires the old password', async () => {
    const account = await signIn(h, { role: Role.EDITOR });
    const elsewhere = await logIn(h, account.email, account.password);
    expect(dataOf(await h.gql(CHANGE_PASSWORD, { current: account.password, next: NEXT }, { token: account.token }))).toEqual({ changePassword: true });
    expectSessionRefused(await h.gql(ME, {}, { token: elsewhere }));
    expect(dataOf(await h.gql(ME, {}, { token: account.token })).me).toEqual({ id: account.user.id, role: 'EDITOR' });
    const old = await loginRequest(h, account.email, account.password, testAddress());
    expect(old.errors?.[0]).toMatchObject({ message: LOGIN_FAILED, extensions: { code: 'UNAUTHENTICATED' } });
    await logIn(h, account.email, NEXT);
  });

  test('refuses a wrong current password as bad input, keeping sessions and password', async () => {
    const account = await signIn(h);
    const elsewhere = await logIn(h, account.email, account.password);
    const hash = (await knex()('users').first('password_hash').where('id', account.user.id)).password_hash;
    const result = await h.gql(CHANGE_PASSWORD, { current: 'not my password', next: NEXT }, { token: account.token });
    expect(result.errors?.[0]).toMatchObject({ message: 'The current password is not correct', extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' } });
    expect((await knex()('users').first('password_hash').where('id', account.user.id)).password_hash).toBe(hash);
    dataOf(await h.gql(ME, {}, { token: elsewhere }));
    dataOf(await h.gql(ME, {}, { token: account.token }));
  });

  test('throttles wrong current passwords like failed logins', async () => {
    const account = await signIn(h);
    for (let i = 0; i < h.config.loginMaxFailures; i += 1) {
      expect(codeOf(await h.gql(CHANGE_PASSWORD, { current: `wrong ${i} password`, next: NEXT }, { token: account.token }))).toBe('BAD_USER_INPUT');
    }
    const blocked = await h.gql(CHANGE_PASSWORD, { current: account.password, next: NEXT }, { token: account.token });
    expect(codeOf(blocked)).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(codeOf(await loginRequest(h, account.email, account.password, testAddress()))).toBe('RATE_LIMITED');
  });
});

describe('admin changes apply to the very next request', () => {
  let admin: string;
  beforeAll(async () => {
    admin = (await signIn(h, { role: Role.ADMIN })).token;
  });

  test('deactivating a user refuses their token at once, and reactivating does not revive it', async () => {
    const target = await signIn(h, { role: Role.EDITOR });
    dataOf(await h.gql(ME, {}, { token: target.token }));
    expect(dataOf(await h.gql(UPDATE_USER, { id: target.user.id, input: { active: false } }, { token: admin })).updateUser).toMatchObject({ active: false });
    expectSessionRefused(await h.gql(ME, {}, { token: target.token }));
    expect((await loginRequest(h, target.email, target.password, testAddress())).errors?.[0]?.message).toBe(LOGIN_FAILED);

    dataOf(await h.gql(UPDATE_USER, { id: target.user.id, input: { active: true } }, { token: admin }));
    expectSessionRefused(await h.gql(ME, {}, { token: target.token }));
    await logIn(h, target.email, target.password);
  });

  test('a former admin demoted to editor is refused the admin-only users query', async () => {
    const target = await signIn(h, { role: Role.ADMIN });
    dataOf(await h.gql(USERS, {}, { token: target.token }));
    dataOf(await h.gql(UPDATE_USER, { id: target.user.id, input: { role: 'EDITOR' } }, { token: admin }));
    const result = await h.gql(USERS, {}, { token: target.token });
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(dataOf(await h.gql(ME, {}, { token: target.token })).me).toEqual({ id: target.user.id, role: 'EDITOR' });
  });

  test('an editor demoted to author can no longer create categories', async () => {
    const target = await signIn(h, { role: Role.EDITOR });
    const create = `mutation($name: String!) { createCategory(input: { name: $name }) { id } }`;
    dataOf(await h.gql(create, { name: `Before ${target.user.slug}` }, { token: target.token }));
    dataOf(await h.gql(UPDATE_USER, { id: target.user.id, input: { role: 'AUTHOR' } }, { token: admin }));
    const name = `After ${target.user.slug}`;
    expect(codeOf(await h.gql(create, { name }, { token: target.token }))).toBe('FORBIDDEN');
    expect(await knex()('category').where('name', name)).toHaveLength(0);
  });
});

describe('session expiry', () => {
  const sessionOf = async (userId: string) => knex()('session').first('last_seen_at', 'expires_at').where('user_id', userId);

  test(`ends after ${IDLE_MINUTES} idle minutes (SESSION_IDLE_MINUTES)`, async () => {
    const account = await signIn(h);
    await knex()('session').where('user_id', account.user.id).update({ last_seen_at: knex().raw(`now() - interval '${IDLE_MINUTES + 1} minutes'`) });
    expectSessionRefused(await h.gql(ME, {}, { token: account.token }));
  });

  test('a request within the idle limit keeps the session alive and moves last_seen_at', async () => {
    const account = await signIn(h);
    await knex()('session').where('user_id', account.user.id).update({ last_seen_at: knex().raw(`now() - interval '${IDLE_MINUTES - 1} minutes'`) });
    dataOf(await h.gql(ME, {}, { token: account.token }));
    const { last_seen_at: lastSeen } = await sessionOf(account.user.id);
    expect(Date.now() - new Date(lastSeen).getTime()).toBeLessThan(60_000);
  });

  test('ends at expires_at whatever the activity', async () => {
    const account = await signIn(h);
    await knex()('session').where('user_id', account.user.id).update({ expires_at: knex().raw(`now() - interval '1 second'`) });
    expectSessionRefused(await h.gql(ME, {}, { token: account.token }));
  });
});

describe('the Authorization header', () => {
  test.each([
    ['a scheme without a token', 'Bearer'],
    ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['a token too short to be one', 'Bearer abc'],
    ['characters outside base64url', 'Bearer blt_!!!!!!!!!!!!!!!!!!!!'],
    ['two tokens', 'Bearer blt_aaaaaaaaaaaa blt_bbbbbbbbbbbb'],
    ['an over-long token', `Bearer ${'a'.repeat(300)}`],
    ['a well-formed token that names no session', `Bearer blt_${'A'.repeat(43)}`],
  ])('is refused with 401 when it carries %s', async (_label, header) => {
    expectSessionRefused(await h.gql(ME, {}, { headers: { authorization: header } }));
  });

  test('is optional: without it the viewer is anonymous', async () => {
    expect(dataOf(await h.gql(ME))).toEqual({ me: null });
  });
});

describe('staff-only user fields', () => {
  const AUTHOR_FIELDS = `query($id: ID!) { article(id: $id) { author { id displayName email role active createdAt } } }`;
  let articleId: string;
  let author: { id: string; displayName: string; email: string };

  beforeAll(async () => {
    const account = await createAccount(h, { role: Role.AUTHOR });
    const article = await createArticle(h.orm.em.fork(), { author: account.user });
    articleId = article.id;
    author = { id: account.user.id, displayName: account.user.displayName, email: account.email };
  });

  test('are null with an UNAUTHENTICATED error each for anonymous readers; public fields stay', async () => {
    const result = await h.gql<{ article: { author: Record<string, unknown> } }>(AUTHOR_FIELDS, { id: articleId });
    expect(result.data?.article.author).toEqual({ id: author.id, displayName: author.displayName, email: null, role: null, active: null, createdAt: null });
    const refused = (result.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);
    expect(refused.sort()).toEqual([
      ['article.author.active', 'UNAUTHENTICATED'],
      ['article.author.createdAt', 'UNAUTHENTICATED'],
      ['article.author.email', 'UNAUTHENTICATED'],
      ['article.author.role', 'UNAUTHENTICATED'],
    ]);
  });

  test.each([Role.AUTHOR, Role.EDITOR, Role.ADMIN])('are visible to staff (%s)', async (role) => {
    const { token } = await signIn(h, { role });
    const { article } = dataOf(await h.gql<{ article: { author: Record<string, unknown> } }>(AUTHOR_FIELDS, { id: articleId }, { token }));
    expect(article.author).toEqual({ ...author, role: 'AUTHOR', active: true, createdAt: expect.any(String) });
  });

  test.each([
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['an author', Role.AUTHOR, 'FORBIDDEN'],
    ['an editor', Role.EDITOR, 'FORBIDDEN'],
    ['an admin', Role.ADMIN, null],
  ] as const)('the users list is for admins only: %s', async (_label, role, code) => {
    const token = role ? (await signIn(h, { role })).token : undefined;
    const result = await h.gql<{ users: { nodes: unknown[] } }>(USERS, {}, { token });
    if (code) {
      expect(codeOf(result)).toBe(code);
      expect(result.data ?? null).toBeNull();
    } else {
      expect(dataOf(result).users.nodes.length).toBeGreaterThan(0);
    }
  });
});
