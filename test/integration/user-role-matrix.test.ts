import { Role, createAccount, logIn, signIn, type Account, type SignedIn } from '../helpers/accounts';
import { dataOf, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import type { MutationCase as RoleMatrixCase } from '../helpers/role-matrix';

/**
 * Every account mutation as anonymous, author (own row and someone else's), editor and admin:
 * only admins manage users; every signed-in user may log out and change their own password.
 * A refusal is checked against the database: nothing changed.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const NEW_PASSWORD = 'another fine passphrase';

interface Fixture {
  /** The signed-in caller; null for anonymous. */
  actor: SignedIn | null;
  /** Another user, for mutations that name a row. */
  other: Account;
  email: string;
}

type MutationCase = RoleMatrixCase<Fixture>;

const userRow = (id: string) => knex()('users').first('email', 'display_name', 'role', 'active', 'password_hash', 'updated_at').where('id', id);
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role displayName } }`;

const MUTATIONS: Record<string, MutationCase> = {
  createUser: {
    run: ({ email }, token) =>
      h.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id email role } }`, { input: { email, displayName: 'Phóng viên mới', role: 'EDITOR', password: NEW_PASSWORD } }, { token }),
    snapshot: ({ email }) => knex()('users').where('email', email),
    async expectApplied({ email }, data) {
      expect(data.createUser).toMatchObject({ email, role: 'EDITOR' });
      await logIn(h, email, NEW_PASSWORD);
    },
  },
  "updateUser on someone else's row": {
    run: ({ other }, token) => h.gql(UPDATE_USER, { id: other.user.id, input: { role: 'ADMIN', displayName: 'Đã đổi', active: false } }, { token }),
    snapshot: ({ other }) => userRow(other.user.id),
    async expectApplied({ other }) {
      expect(await userRow(other.user.id)).toMatchObject({ role: 'ADMIN', display_name: 'Đã đổi', active: false });
    },
  },
  'updateUser on their own row (self-promotion)': {
    run: ({ actor }, token) => h.gql(UPDATE_USER, { id: actor?.user.id, input: { role: 'ADMIN', displayName: 'Tự đổi' } }, { token }),
    snapshot: ({ actor }) => userRow(actor?.user.id as string),
    async expectApplied({ actor }) {
      expect(await userRow(actor?.user.id as string)).toMatchObject({ role: 'ADMIN', display_name: 'Tự đổi' });
    },
  },
  logout: {
    run: (_fixture, token) => h.gql(`mutation { logout }`, {}, { token }),
    snapshot: () => knex()('session').whereNotNull('revoked_at').count({ n: '*' }).first(),
    async expectApplied({ actor }, data) {
      expect(data).toEqual({ logout: true });
      expect((await h.gql(`{ me { id } }`, {}, { token: actor?.token })).status).toBe(401);
    },
  },
  changePassword: {
    run: ({ actor }, token) =>
      h.gql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`, { c: actor?.password ?? 'whatever it was', n: NEW_PASSWORD }, { token }),
    snapshot: () => knex()('users').select('id', 'password_hash').orderBy('id'),
    async expectApplied({ actor }, data) {
      expect(data).toEqual({ changePassword: true });
      await logIn(h, actor?.email as string, NEW_PASSWORD);
    },
  },
};

type Actor = 'anonymous' | 'author' | 'editor' | 'admin';
const ROLE_OF: Record<Actor, Role | null> = { anonymous: null, author: Role.AUTHOR, editor: Role.EDITOR, admin: Role.ADMIN };

/** [mutation, actor, expected refusal code or null for success]. */
const CASES: [string, Actor, string | null][] = [
  ['createUser', 'anonymous', 'UNAUTHENTICATED'],
  ['createUser', 'author', 'FORBIDDEN'],
  ['createUser', 'editor', 'FORBIDDEN'],
  ['createUser', 'admin', null],
  ["updateUser on someone else's row", 'anonymous', 'UNAUTHENTICATED'],
  ["updateUser on someone else's row", 'author', 'FORBIDDEN'],
  ["updateUser on someone else's row", 'editor', 'FORBIDDEN'],
  ["updateUser on someone else's row", 'admin', null],
  ['updateUser on their own row (self-promotion)', 'author', 'FORBIDDEN'],
  ['updateUser on their own row (self-promotion)', 'editor', 'FORBIDDEN'],
  ['updateUser on their own row (self-promotion)', 'admin', null],
  ['logout', 'anonymous', 'UNAUTHENTICATED'],
  ['logout', 'author', null],
  ['logout', 'editor', null],
  ['logout', 'admin', null],
  ['changePassword', 'anonymous', 'UNAUTHENTICATED'],
  ['changePassword', 'author', null],
  ['changePassword', 'editor', null],
  ['changePassword', 'admin', null],
];

test.each(CASES)('%s as %s', async (mutation, actorName, refusal) => {
  const role = ROLE_OF[actorName];
  const fixture: Fixture = {
    actor: role ? await signIn(h, { role }) : null,
    other: await createAccount(h, { role: Role.AUTHOR }),
    email: `new-${uniqueToken()}@example.test`,
  };
  const spec = MUTATIONS[mutation];
  if (refusal) return expectRefusedUnchanged(() => spec.snapshot(fixture), () => spec.run(fixture, fixture.actor?.token), refusal);
  await spec.expectApplied(fixture, dataOf(await spec.run(fixture, fixture.actor?.token)));
});

test('covers every account mutation in the schema', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Mutation") { fields { name } } }`));
  const covered = new Set(CASES.map(([mutation]) => mutation.split(' ')[0]));
  const accountMutations = __type.fields.map((field) => field.name).filter((name) => /User|login|logout|Password/.test(name));
  expect(accountMutations.filter((name) => name !== 'login' && !covered.has(name))).toEqual([]);
});
