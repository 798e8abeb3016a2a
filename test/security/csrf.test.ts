import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { startHarness, type Harness } from '../helpers/harness';

const CLASS = attackClass('csrf');

/**
 * A hostile page can make a browser send "simple" requests (no preflight): form posts
 * (urlencoded, multipart, text/plain) and GETs. None of them may run an operation. Bulletin
 * authenticates with a bearer header, which such a page cannot set, and Apollo's CSRF
 * prevention refuses simple requests before parsing.
 */
describe(`${CLASS} requests a hostile page can make a browser send`, () => {
  let h: Harness;
  let editor: SignedIn;
  beforeAll(async () => {
    h = await startHarness();
    editor = await signIn(h, { role: Role.EDITOR });
  });
  afterAll(() => h?.close());

  const categoryCount = async () => (await h.orm.em.getConnection().execute('select count(*)::int as n from category'))[0].n as number;
  const CREATE = 'mutation { createCategory(input: { name: "CSRF" }) { id } }';

  test.each([
    ['text/plain', JSON.stringify({ query: CREATE })],
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(CREATE)}`],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${CREATE}\r\n--x--\r\n`],
  ])(`${CLASS} a form post as %s runs nothing`, async (contentType, body) => {
    const before = await categoryCount();
    const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, origin: 'https://evil.example', authorization: `Bearer ${editor.token}` }, body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await categoryCount()).toBe(before);
  });

  test(`${CLASS} a GET without a preflight header is refused before parsing`, async () => {
    const response = await fetch(`${h.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('CSRF');
  });

  test(`${CLASS} a mutation over GET is refused even with the preflight header`, async () => {
    const before = await categoryCount();
    const response = await fetch(`${h.url}/graphql?query=${encodeURIComponent(CREATE)}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${editor.token}` } });
    expect(response.status).toBe(405);
    expect(await categoryCount()).toBe(before);
  });

  test(`${CLASS} without CORS_ORIGINS no origin is granted CORS, so a page cannot read answers`, async () => {
    const response = await fetch(`${h.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
