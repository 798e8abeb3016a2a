import { Role, signIn } from '../helpers/accounts';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/** Author slugs come from display names, and stay unique when several accounts are created at once. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

test('five accounts created at once with the same name get five different slugs, -2 to -5 after the first', async () => {
  const admin = await signIn(h, { role: Role.ADMIN });
  const name = `Phóng viên ${uniqueToken()}`;
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      h.gql<{ createUser: { slug: string } }>(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { slug } }',
        { input: { email: `slug-${i}-${uniqueToken()}@example.vn`, displayName: name, role: 'AUTHOR', password: 'mật khẩu đủ dài' } },
        { token: admin.token },
      ),
    ),
  );
  expect(results.map((result) => result.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  const slugs = results.map((result) => result.data?.createUser.slug as string).sort();
  const base = slugs[0];
  expect(slugs).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`]);
});
