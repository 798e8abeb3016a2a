import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id role active } }`;

/** A fresh database copy per test: the template holds no admin, so each test controls how many exist. */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function adminRow(admin: SignedIn): Promise<{ role: string; active: boolean }> {
  return h.orm.em.getKnex()('users').first('role', 'active').where('id', admin.user.id);
}

test('the last active admin can neither demote nor deactivate themself, and nothing changes', async () => {
  const admin = await signIn(h, { role: Role.ADMIN });
  expectBadInput(await h.gql(UPDATE_USER, { id: admin.user.id, input: { role: 'EDITOR' } }, { token: admin.token }), 'role');
  expectBadInput(await h.gql(UPDATE_USER, { id: admin.user.id, input: { active: false } }, { token: admin.token }), 'active');
  expect(await adminRow(admin)).toEqual({ role: 'ADMIN', active: true });
});

test('with a second active admin, one may be demoted', async () => {
  const first = await signIn(h, { role: Role.ADMIN });
  const second = await signIn(h, { role: Role.ADMIN });
  const result = await h.gql(UPDATE_USER, { id: second.user.id, input: { role: 'EDITOR' } }, { token: first.token });
  expect(dataOf(result)).toMatchObject({ updateUser: { role: 'EDITOR', active: true } });
});

test('two admins demoting each other at the same moment: exactly one succeeds', async () => {
  const first = await signIn(h, { role: Role.ADMIN });
  const second = await signIn(h, { role: Role.ADMIN });
  const results = await Promise.all([
    h.gql(UPDATE_USER, { id: second.user.id, input: { role: 'AUTHOR' } }, { token: first.token }),
    h.gql(UPDATE_USER, { id: first.user.id, input: { role: 'AUTHOR' } }, { token: second.token }),
  ]);
  const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK');
  // The loser is refused either by the last-admin rule or, if it ran second, by its own demotion (FORBIDDEN).
  expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
  const admins = await h.orm.em.getKnex()('users').count<{ count: string }[]>({ count: '*' }).where({ role: 'ADMIN', active: true });
  expect(Number(admins[0].count)).toBe(1);
});
