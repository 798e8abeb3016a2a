import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, errorOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';

/** /ads.txt serves exactly what an admin saved through updateSite; a malformed line is refused, naming it. */

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await startHarness();
  admin = await signIn(h, { role: Role.ADMIN });
});
afterAll(() => h?.close());

const SAVE = 'mutation($ads: String) { updateSite(input: { adsTxt: $ads }) { adsTxt } }';
const save = (ads: string | null) => h.gql<{ updateSite: { adsTxt: string | null } }>(SAVE, { ads }, { token: admin.token });

const FILE = [
  '# Bulletin, authorized sellers',
  'CONTACT=quangcao@duongkinh.example.vn',
  'OWNERDOMAIN=duongkinh.example.vn',
  'google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0',
  'adnetwork.example, 12345, RESELLER   # reseller line',
  'ssp.example, acct-9, direct;extension=1',
  '',
].join('\n');

test('is 404 while nothing is saved', async () => {
  const answer = await fetch(`${h.url}/ads.txt`);
  expect(answer.status).toBe(404);
});

test('serves what an admin saved as text/plain, and 404 again once cleared', async () => {
  expect(dataOf(await save(FILE.replace(/\n/g, '\r\n'))).updateSite.adsTxt).toBe(FILE);
  const answer = await fetch(`${h.url}/ads.txt`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(await answer.text()).toBe(FILE);

  expect(dataOf(await save('   \n')).updateSite.adsTxt).toBeNull();
  expect((await fetch(`${h.url}/ads.txt`)).status).toBe(404);
});

test.each([
  ['a missing relationship', 'google.com, pub-1', 2],
  ['an unknown relationship', 'google.com, pub-1, OWNER', 2],
  ['a bad domain', 'not a domain, pub-1, DIRECT', 2],
  ['an unknown variable', 'PUBLISHER=someone', 2],
  ['a bad certification id', 'google.com, pub-1, DIRECT, f08c-47', 2],
])('refuses %s, naming the line, and keeps the saved file', async (_what, bad, line) => {
  await save(FILE);
  const result = await save(`# first line\n${bad}\nexample.com, 1, DIRECT`);
  const error = errorOf(result);
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'adsTxt', line });
  expect(error.message).toContain(`line ${line}`);
  expect(error.message).toContain(bad.split(',')[0]);
  expect(await (await fetch(`${h.url}/ads.txt`)).text()).toBe(FILE);
});

test('edits the site name, tagline and banner, refusing bad input by field', async () => {
  const update = (input: Record<string, unknown>) => h.gql('mutation($input: UpdateSiteInput!) { updateSite(input: $input) { name tagline bannerImage { id } } }', { input }, { token: admin.token });
  expect(dataOf(await update({ name: 'Cổng thông tin điện tử quận Dương Kinh', tagline: null, bannerId: null }))).toEqual({
    updateSite: { name: 'Cổng thông tin điện tử quận Dương Kinh', tagline: null, bannerImage: null },
  });
  expect(errorOf(await update({ name: '  ' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  expect(errorOf(await update({ bannerId: '00000000-0000-4000-8000-000000000000' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bannerId' });
  expect(errorOf(await update({ adsTxt: 'x'.repeat(500_001) })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'adsTxt' });
});
