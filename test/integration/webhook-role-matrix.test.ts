import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { issueApiKey, withKey } from '../helpers/api-keys';
import { dataOf, errorCodes, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';

/**
 * Every webhook operation as anonymous, author, editor and admin: only admins may; the others are
 * refused with the right code, and a refusal changes nothing in the database. A partner's API key,
 * even one with every scope, is refused like any non-admin. (Webhooks have no owner, so there is
 * no "author acting on someone else's row" case.)
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const URL_A = 'https://hooks.example.com/bulletin';
const URL_B = 'https://cdn.example.net/purge';

interface Fixture {
  id: string;
  marker: string;
}

/** Who is asking: a session token, or an API key's request headers. */
type Caller = { token?: string; headers?: Record<string, string> };

interface MutationCase {
  run(fixture: Fixture, caller: Caller): Promise<GraphQLResult<Record<string, unknown>>>;
  snapshot(fixture: Fixture): Promise<unknown>;
  expectApplied(fixture: Fixture, data: Record<string, unknown>): Promise<void>;
}

const webhookRow = (id: string) => knex()('webhook').first('url', 'events', 'active', 'secret', 'updated_at').where('id', id);

const MUTATIONS: Record<string, MutationCase> = {
  createWebhook: {
    run: ({ marker }, caller) =>
      h.gql(`mutation($url: String!) { createWebhook(input: { url: $url, events: [ARTICLE_PUBLISHED, CACHE_PURGE] }) { secret webhook { id url events active } } }`, { url: `${URL_A}?m=${marker}` }, caller),
    snapshot: ({ marker }) => knex()('webhook').where('url', `${URL_A}?m=${marker}`),
    async expectApplied({ marker }, data) {
      const created = data.createWebhook as { secret: string; webhook: { id: string } };
      expect(created.webhook).toMatchObject({ url: `${URL_A}?m=${marker}`, events: ['ARTICLE_PUBLISHED', 'CACHE_PURGE'], active: true });
      expect(created.secret).toMatch(/^whsec_/);
      expect(await webhookRow(created.webhook.id)).toMatchObject({ events: ['article.published', 'cache.purge'], secret: created.secret });
    },
  },
  updateWebhook: {
    run: ({ id }, caller) => h.gql(`mutation($id: ID!, $url: String) { updateWebhook(id: $id, input: { url: $url, events: [ARTICLE_UNPUBLISHED], active: false }) { id url events active } }`, { id, url: URL_B }, caller),
    snapshot: ({ id }) => webhookRow(id),
    async expectApplied({ id }, data) {
      expect(data.updateWebhook).toEqual({ id, url: URL_B, events: ['ARTICLE_UNPUBLISHED'], active: false });
      expect(await webhookRow(id)).toMatchObject({ url: URL_B, events: ['article.unpublished'], active: false });
    },
  },
  deleteWebhook: {
    run: ({ id }, caller) => h.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, caller),
    snapshot: async ({ id }) => ({ webhook: await webhookRow(id), deliveries: await knex()('webhook_delivery').where('webhook_id', id).count() }),
    async expectApplied({ id }, data) {
      expect(data.deleteWebhook).toBe(true);
      expect(await webhookRow(id)).toBeUndefined();
      expect(await knex()('webhook_delivery').where('webhook_id', id)).toEqual([]);
    },
  },
};

const ACTORS = [
  ['anonymous', null, 'UNAUTHENTICATED'],
  ['an API key', 'apiKey', 'FORBIDDEN'],
  ['an author', Role.AUTHOR, 'FORBIDDEN'],
  ['an editor', Role.EDITOR, 'FORBIDDEN'],
  ['an admin', Role.ADMIN, null],
] as const;

let keyAdmin: SignedIn;
beforeAll(async () => {
  keyAdmin = await signIn(h, { role: Role.ADMIN });
});

/** A caller of the kind named: nobody, a partner's key with every scope, or a signed-in user of a role. */
async function callerFor(kind: Role | 'apiKey' | null): Promise<Caller> {
  if (kind === null) return {};
  if (kind === 'apiKey') return withKey((await issueApiKey(h, keyAdmin.token, { scopes: ['EMBARGOED'] })).key);
  return { token: (await signIn(h, { role: kind })).token };
}

const CASES = Object.keys(MUTATIONS).flatMap((mutation) => ACTORS.map(([actor, role, refusal]) => [mutation, actor, role, refusal] as const));

/** A webhook with one delivery, inserted straight into the tables. */
async function prepare(): Promise<Fixture> {
  const marker = Math.random().toString(36).slice(2, 10);
  const [{ id }] = await knex()('webhook')
    .insert({ id: knex().raw('gen_random_uuid()'), url: `${URL_A}/${marker}`, events: ['article.published'], secret: `whsec_${marker}`, created_at: knex().fn.now(), updated_at: knex().fn.now() })
    .returning('id');
  await knex()('webhook_delivery').insert({ id: knex().raw('gen_random_uuid()'), webhook_id: id, event: 'article.published', body: '{}', next_attempt_at: knex().fn.now(), created_at: knex().fn.now() });
  return { id, marker };
}

test.each(CASES)('%s as %s', async (mutation, _actor, kind, refusal) => {
  const fixture = await prepare();
  const caller = await callerFor(kind);
  const spec = MUTATIONS[mutation];
  if (refusal) return expectRefusedUnchanged(() => spec.snapshot(fixture), () => spec.run(fixture, caller), refusal);
  await spec.expectApplied(fixture, dataOf(await spec.run(fixture, caller)));
});

test('covers every webhook mutation in the schema', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Mutation") { fields { name } } }`));
  expect(__type.fields.map((field) => field.name).filter((name) => /Webhook/.test(name)).sort()).toEqual(['createWebhook', 'deleteWebhook', 'updateWebhook']);
});

describe('reading webhooks and their deliveries', () => {
  const LIST = `{ webhooks(first: 100) { nodes { id url deliveries { nodes { event status attempts responseStatus nextAttemptAt } } } } }`;

  test.each([
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['an API key', 'apiKey', 'FORBIDDEN'],
    ['an author', Role.AUTHOR, 'FORBIDDEN'],
    ['an editor', Role.EDITOR, 'FORBIDDEN'],
  ] as const)('refuses %s', async (_actor, kind, code) => {
    await prepare();
    const result = await h.gql(LIST, {}, await callerFor(kind));
    expect(errorCodes(result)).toEqual([code]);
    expect(result.data).toBeNull();
  });

  test('an admin lists webhooks newest first, with their deliveries, never a secret', async () => {
    const { id, marker } = await prepare();
    const admin = await signIn(h, { role: Role.ADMIN });
    const { webhooks } = dataOf(await h.gql<{ webhooks: { nodes: { id: string; url: string; deliveries: { nodes: unknown[] } }[] } }>(LIST, {}, { token: admin.token }));
    expect(webhooks.nodes[0]).toEqual({
      id,
      url: `${URL_A}/${marker}`,
      deliveries: { nodes: [{ event: 'ARTICLE_PUBLISHED', status: 'PENDING', attempts: 0, responseStatus: null, nextAttemptAt: expect.any(String) }] },
    });
    const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Webhook") { fields { name } } }`));
    expect(__type.fields.map((field) => field.name)).not.toContain('secret');
  });
});

describe('input', () => {
  let admin: SignedIn;
  beforeAll(async () => {
    admin = await signIn(h, { role: Role.ADMIN });
  });
  const create = (url: string, events: string[] = ['CACHE_PURGE']) =>
    h.gql(`mutation($url: String!, $events: [WebhookEvent!]!) { createWebhook(input: { url: $url, events: $events }) { secret } }`, { url, events }, { token: admin.token });

  test.each([
    ['ftp://example.com/x', 'must be an http or https URL'],
    ['javascript:alert(1)', 'must be an http or https URL'],
    ['not a url', 'is not an absolute URL'],
    ['https://user:pw@example.com/', 'must not contain a user name or password'],
    ['http://127.0.0.1:4130/', 'is refused: 127.0.0.1 is a loopback address'],
    ['http://[::ffff:169.254.169.254]/', 'is refused: ::ffff:a9fe:a9fe is a link-local address'],
    ['http://10.1.2.3/', 'is refused: 10.1.2.3 is a private address'],
  ])('refuses %s', async (url, message) => {
    const result = await create(url);
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', 'url']]);
    expect(result.errors?.[0].message).toContain(message);
  });

  test('refuses a URL over 2000 characters', async () => {
    const result = await create(`https://example.com/${'a'.repeat(2000)}`);
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field, error.message])).toEqual([['BAD_USER_INPUT', 'url', '"url" must be at most 2000 characters']]);
  });

  test('refuses an empty event list', async () => {
    const result = await create('https://example.com/hook', []);
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', 'events']]);
  });

  test('a malformed id is BAD_USER_INPUT and an unknown one NOT_FOUND', async () => {
    expect(errorCodes(await h.gql(`mutation { deleteWebhook(id: "nope") }`, {}, { token: admin.token }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await h.gql(`mutation { deleteWebhook(id: "00000000-0000-4000-8000-000000000000") }`, {}, { token: admin.token }))).toEqual(['NOT_FOUND']);
  });
});
