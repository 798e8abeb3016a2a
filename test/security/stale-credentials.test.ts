import { Role, createAccount, logIn, loginRequest, signIn, TEST_PASSWORD } from '../helpers/accounts';
import { issueApiKey, revokeApiKeyRequest, withKey } from '../helpers/api-keys';
import { attackClass, expectCredentialRefused } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { startSecondInstance, throughInstance } from '../helpers/second-instance';

const CLASS = attackClass('stale credentials');
const ME = '{ me { id } }';

describe(`${CLASS} tokens after logout, password change and deactivation`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const expectRefused = (token: string) => expectCredentialRefused(h, { authorization: `Bearer ${token}` }, ME);

  test(`${CLASS} a token replayed after logout is refused with 401`, async () => {
    const me = await signIn(h, { role: Role.AUTHOR });
    expect(dataOf(await h.gql<{ me: { id: string } }>(ME, undefined, { token: me.token })).me.id).toBe(me.user.id);
    dataOf(await h.gql('mutation { logout }', undefined, { token: me.token }));
    await expectRefused(me.token);
  });

  test(`${CLASS} a token stolen before a password change is refused after it, and so is the old password`, async () => {
    const account = await createAccount(h, { role: Role.EDITOR });
    const stolen = await logIn(h, account.email, account.password);
    const current = await logIn(h, account.email, account.password);
    dataOf(await h.gql('mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }', { c: TEST_PASSWORD, n: 'a brand new passphrase' }, { token: current }));
    await expectRefused(stolen);
    expect((await loginRequest(h, account.email, TEST_PASSWORD)).errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  test(`${CLASS} a deactivated user's token is refused at once, and logging in again fails like a wrong password`, async () => {
    const admin = await signIn(h, { role: Role.ADMIN });
    const account = await createAccount(h, { role: Role.EDITOR });
    const token = await logIn(h, account.email, account.password);
    dataOf(await h.gql('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }', { id: account.user.id }, { token: admin.token }));
    await expectRefused(token);
    const again = await loginRequest(h, account.email, account.password);
    const wrong = await loginRequest(h, account.email, 'not the password at all');
    expect(again.errors?.[0]).toEqual(wrong.errors?.[0]);
  });

  test(`${CLASS} a revoked API key is refused at once, as X-Api-Key and as a bearer token; another key still works`, async () => {
    const admin = await signIn(h, { role: Role.ADMIN });
    const revoked = await issueApiKey(h, admin.token);
    const kept = await issueApiKey(h, admin.token);
    expect(dataOf(await h.gql('{ __typename }', undefined, withKey(revoked.key)))).toEqual({ __typename: 'Query' });
    dataOf(await revokeApiKeyRequest(h, { token: admin.token }, revoked.apiKey.id));
    await expectCredentialRefused(h, withKey(revoked.key).headers);
    await expectCredentialRefused(h, withKey(revoked.key, 'bearer').headers);
    expect(dataOf(await h.gql('{ __typename }', undefined, withKey(kept.key)))).toEqual({ __typename: 'Query' });
  });

  // test/integration/api-keys.test.ts proves the revocation's own contract; this is the attacker's
  // side: a key stolen and kept in use on the other instance, which had answered it a moment before.
  test(`${CLASS} a key revoked through one instance is refused on its next request to a second instance sharing the database`, async () => {
    const admin = await signIn(h, { role: Role.ADMIN });
    const stolen = await issueApiKey(h, admin.token);
    const kept = await issueApiKey(h, admin.token);
    const second = await startSecondInstance(h);
    try {
      const other = throughInstance(h, second.url);
      const PARTNER_READ = '{ articles(first: 1) { nodes { id } } }';
      expect(dataOf(await other.gql<{ articles: { nodes: unknown[] } }>(PARTNER_READ, undefined, withKey(stolen.key))).articles.nodes).toHaveLength(1);
      dataOf(await revokeApiKeyRequest(h, { token: admin.token }, stolen.apiKey.id));
      await expectCredentialRefused(other, withKey(stolen.key).headers, PARTNER_READ);
      await expectCredentialRefused(other, withKey(stolen.key, 'bearer').headers, PARTNER_READ);
      await expectCredentialRefused(h, withKey(stolen.key).headers, PARTNER_READ);
      expect(dataOf(await other.gql<{ articles: { nodes: unknown[] } }>(PARTNER_READ, undefined, withKey(kept.key))).articles.nodes).toHaveLength(1);
    } finally {
      await second.app.close();
    }
  });

  test(`${CLASS} a forged or truncated token is refused, never read as anonymous`, async () => {
    const me = await signIn(h, { role: Role.AUTHOR });
    for (const token of [me.token.slice(0, -2), `${me.token}x`, 'x'.repeat(43), "' OR 1=1 --"]) await expectRefused(token);
  });
});
