import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { SSRF_TARGETS, attackClass } from '../helpers/attack';
import { dataOf } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { CREATE_WEBHOOK, createWebhook } from '../helpers/webhooks';

const CLASS = attackClass('ssrf');

/**
 * Webhook URLs aimed at the server's own network. Every target whose address or scheme is known
 * from the URL alone is refused at input; a name (localhost) can only be judged when it is
 * resolved, so the worker refuses it at send time. That half is proven against a real worker and
 * receiver in test/integration/webhook-delivery.test.ts ("the address guard, through the worker")
 * and, for every redirect hop, in test/integration/guarded-post.test.ts; it is not repeated here.
 */
const KNOWN_FROM_THE_URL: string[] = SSRF_TARGETS.filter((url) => url !== 'http://localhost/');
const RESOLVED_AT_SEND_TIME = SSRF_TARGETS.filter((url) => !KNOWN_FROM_THE_URL.includes(url));

const UPDATE_WEBHOOK = 'mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id url } }';

describe(`${CLASS} webhook URLs`, () => {
  let h: Harness;
  let admin: SignedIn;
  // The production setting: loopback is not allowed (only tests of delivery turn it on).
  beforeAll(async () => {
    h = await startHarness({ WEBHOOK_ALLOW_LOOPBACK: 'false' });
    admin = await signIn(h, { role: Role.ADMIN });
  });
  afterAll(() => h?.close());

  const storedUrl = async (id: string) => (await h.orm.em.getKnex()('webhook').first('url').where('id', id))?.url as string | undefined;
  const webhookCount = async () => Number((await h.orm.em.getKnex()('webhook').count({ n: '*' }).first())?.n);
  const refusalOf = (result: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown }) => ({
    codes: result.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
    data: result.data ?? null,
  });

  test(`${CLASS} positive control: a public https URL is accepted and stored as given`, async () => {
    const { id } = await createWebhook(h, admin.token, 'https://hooks.partner.example/bulletin', ['CACHE_PURGE']);
    expect(await storedUrl(id)).toBe('https://hooks.partner.example/bulletin');
  });

  test.each(KNOWN_FROM_THE_URL.map((url) => [url]))(`${CLASS} createWebhook refuses %s with BAD_USER_INPUT naming url, and stores nothing`, async (url) => {
    const before = await webhookCount();
    const result = await h.gql(CREATE_WEBHOOK, { input: { url, events: ['CACHE_PURGE'] } }, { token: admin.token });
    expect(refusalOf(result)).toEqual({ codes: [['BAD_USER_INPUT', 'url']], data: null });
    expect(result.errors?.[0].message).toMatch(/^"url" (must be an http or https URL|is refused: .+ is an? [a-z-]+ address)$/);
    expect(await webhookCount()).toBe(before);
  });

  test.each(KNOWN_FROM_THE_URL.map((url) => [url]))(`${CLASS} updateWebhook refuses %s with BAD_USER_INPUT naming url, and the stored URL is unchanged`, async (url) => {
    const { id } = await createWebhook(h, admin.token, 'https://hooks.partner.example/update', ['CACHE_PURGE']);
    const result = await h.gql(UPDATE_WEBHOOK, { id, input: { url } }, { token: admin.token });
    expect(refusalOf(result)).toEqual({ codes: [['BAD_USER_INPUT', 'url']], data: null });
    expect(await storedUrl(id)).toBe('https://hooks.partner.example/update');
  });

  test(`${CLASS} the address spelled in hex (0x7f000001) is read as 127.0.0.1, and the refusal says so`, async () => {
    const result = await h.gql(CREATE_WEBHOOK, { input: { url: 'http://0x7f000001/', events: ['CACHE_PURGE'] } }, { token: admin.token });
    expect(result.errors?.[0].message).toBe('"url" is refused: 127.0.0.1 is a loopback address');
  });

  test(`${CLASS} a host name (${RESOLVED_AT_SEND_TIME.join(', ')}) cannot be judged before it is resolved: accepted at input (the worker refuses it at send time, see webhook-delivery.test.ts)`, async () => {
    for (const url of RESOLVED_AT_SEND_TIME) {
      const created = dataOf(await h.gql<{ createWebhook: { webhook: { url: string } } }>(CREATE_WEBHOOK, { input: { url, events: ['CACHE_PURGE'] } }, { token: admin.token }));
      expect(created.createWebhook.webhook.url).toBe(url);
    }
  });
});
