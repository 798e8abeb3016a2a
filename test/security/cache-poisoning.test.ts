import { Role, signIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { startHarness, type Harness } from '../helpers/harness';

const CLASS = attackClass('cache poisoning');
const PUBLIC_URL = 'https://tin.example.vn';
const PAGE = '{ articles(first: 5) { nodes { id title coverImage { url } } } site { name bannerImage { url } } }';

/** Headers a cache keyed on the body alone must not let change the answer. */
const UNKEYED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'gopher',
  'x-forwarded-prefix': '/evil',
  forwarded: 'host=evil.example;proto=http',
  'x-original-url': '/evil',
  'x-rewrite-url': '/evil',
  'x-host': 'evil.example',
};

async function post(h: Harness, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: PAGE }) });
  return { status: response.status, cache: response.headers.get('x-cache'), body: await response.text() };
}

describe(`${CLASS} the shared answer of anonymous readers (RESPONSE_CACHE_TTL_MS=60000)`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ RESPONSE_CACHE_TTL_MS: '60000', PUBLIC_URL });
  });
  afterAll(() => h?.close());

  test(`${CLASS} host and forwarding headers on the request that fills the cache change nothing in what others get`, async () => {
    const poisoned = await post(h, UNKEYED);
    expect(poisoned.status).toBe(200);
    expect(poisoned.cache).toBe('MISS');
    expect(poisoned.body).not.toMatch(/evil|gopher/);
    expect(poisoned.body).toContain(`${PUBLIC_URL}/media/`);
    const next = await post(h);
    expect(next.cache).toBe('HIT');
    expect(next.body).toBe(poisoned.body);
  });

  test(`${CLASS} a signed-in editor's answer (which sees drafts) is neither served from nor kept for the public`, async () => {
    const editor = await signIn(h, { role: Role.EDITOR });
    const query = '{ articles(first: 50, filter: { status: [DRAFT, PUBLISHED] }) { totalCount } }';
    const asEditor = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor.token}` }, body: JSON.stringify({ query }) });
    expect(asEditor.headers.get('x-cache')).toBeNull();
    const anonymous = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await anonymous.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(anonymous.headers.get('x-cache')).toBeNull();
  });

  test(`${CLASS} an API key header keeps a request out of the cache, so a partner's answer never reaches the public`, async () => {
    const first = await post(h, { 'x-api-key': 'bk_probe' });
    expect(first.cache).toBeNull();
  });
});
