import { createHash } from 'node:crypto';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { API_KEY_FIELDS, createApiKeyRequest, issueApiKey, revokeApiKeyRequest, withKey } from '../helpers/api-keys';
import { dataOf, errorCodes, expectBadInput, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle, createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { startSecondInstance } from '../helpers/second-instance';

/** Issue 12, item 1: a partner key reads published content, nothing else, and stops at revocation. */

let h: Harness;
const actors: Record<'author' | 'editor' | 'admin', SignedIn> = {} as never;
let published: { id: string; slug: string };
let draft: { id: string; slug: string };
beforeAll(async () => {
  h = await startHarness();
  const [author, editor, admin] = await Promise.all([Role.AUTHOR, Role.EDITOR, Role.ADMIN].map((role) => signIn(h, { role })));
  Object.assign(actors, { author, editor, admin });
  const em = h.orm.em.fork();
  const category = await createCategory(em);
  published = await createArticle(em, { category, status: ArticleStatus.PUBLISHED, title: 'Tin đã đăng cho đối tác' });
  draft = await createArticle(em, { category, status: ArticleStatus.DRAFT, title: 'Bản nháp không cho đối tác' });
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const keyRows = () => knex()('api_key').select('id', 'name', 'revoked_at').orderBy('id');
const keyRow = (id: string) => knex()('api_key').first('name', 'scopes', 'rate_limit_per_minute', 'revoked_at').where('id', id);
const lastUsed = async (id: string) => new Date((await knex()('api_key').first('last_used_at').where('id', id)).last_used_at);
const ARTICLE_BY_ID = 'query($id: ID!) { article(id: $id) { id title status } }';

describe('createApiKey', () => {
  test('gives the secret once: a prefix that names the key and 32 random bytes, of which only a SHA-256 is stored', async () => {
    const { key, apiKey } = await issueApiKey(h, actors.admin.token, { name: 'Cổng thông tin thành phố', rateLimitPerMinute: 120, scopes: ['EMBARGOED'] });
    expect(apiKey).toMatchObject({ name: 'Cổng thông tin thành phố', rateLimitPerMinute: 120, scopes: ['EMBARGOED'], lastUsedAt: null, revokedAt: null });
    expect(apiKey.prefix).toMatch(/^bpk_[0-9a-f]{12}$/);
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(Buffer.from(key.slice(apiKey.prefix.length + 1), 'base64url')).toHaveLength(32);
    const row = await knex()('api_key').first('*').where('id', apiKey.id);
    expect(row.secret_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(apiKey.prefix.length + 1));
    const listed = dataOf(await h.gql<{ apiKeys: { nodes: Record<string, unknown>[] } }>('{ apiKeys(first: 100) { nodes { id prefix } } }', {}, { token: actors.admin.token }));
    expect(JSON.stringify(listed)).not.toContain(key);
  });

  test('normalizes the name to NFC and refuses bad input naming the field', async () => {
    const { apiKey } = await issueApiKey(h, actors.admin.token, { name: 'Ba\u0300o Mơ\u0301i' });
    expect(apiKey.name).toBe('Bào Mới'.normalize('NFC'));
    const admin = { token: actors.admin.token };
    expectBadInput(await createApiKeyRequest(h, admin, { name: '   ', rateLimitPerMinute: 10 }), 'name');
    expectBadInput(await createApiKeyRequest(h, admin, { name: 'x'.repeat(101), rateLimitPerMinute: 10 }), 'name');
    expectBadInput(await createApiKeyRequest(h, admin, { name: 'Đối tác', rateLimitPerMinute: 0 }), 'rateLimitPerMinute');
    expectBadInput(await createApiKeyRequest(h, admin, { name: 'Đối tác', rateLimitPerMinute: 100_001 }), 'rateLimitPerMinute');
    const nul = await createApiKeyRequest(h, admin, { name: 'a\u0000b', rateLimitPerMinute: 10 });
    expect(errorCodes(nul)).toEqual(['BAD_USER_INPUT']);
  });

  test.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['author', 'FORBIDDEN'],
    ['editor', 'FORBIDDEN'],
    ['apiKey', 'FORBIDDEN'],
  ])('is refused to %s (%s), creating nothing', async (who, code) => {
    const options = who === 'anonymous' ? {} : who === 'apiKey' ? withKey((await issueApiKey(h, actors.admin.token)).key) : { token: actors[who as 'author'].token };
    await expectRefusedUnchanged(keyRows, () => createApiKeyRequest(h, options, { name: 'Khóa lạ', rateLimitPerMinute: 10 }), code);
  });
});

describe('revokeApiKey', () => {
  test.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['author', 'FORBIDDEN'],
    ['editor', 'FORBIDDEN'],
    ['apiKey', 'FORBIDDEN'],
  ])('is refused to %s (%s), the key stays live', async (who, code) => {
    const target = await issueApiKey(h, actors.admin.token);
    // CASE: a key revoking itself is still a key calling a non-public mutation.
    const options = who === 'anonymous' ? {} : who === 'apiKey' ? withKey(target.key) : { token: actors[who as 'author'].token };
    await expectRefusedUnchanged(() => keyRow(target.apiKey.id), () => revokeApiKeyRequest(h, options, target.apiKey.id), code);
    expect(errorCodes(await h.gql(ARTICLE_BY_ID, { id: published.id }, withKey(target.key)))).toBeUndefined();
  });

  test('an admin revokes: the next request with the key is 401, on this instance and on another one', async () => {
    const { key, apiKey } = await issueApiKey(h, actors.admin.token);
    const { app: other, url: otherUrl } = await startSecondInstance(h);
    try {
      const onOther = () => fetch(`${otherUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: '{ articles(first: 1) { nodes { id } } }' }) });
      expect((await onOther()).status).toBe(200);

      const revoked = dataOf(await revokeApiKeyRequest(h, { token: actors.admin.token }, apiKey.id)).revokeApiKey;
      expect(revoked.revokedAt).not.toBeNull();

      const here = await h.gql('{ articles(first: 1) { nodes { id } } }', {}, withKey(key, 'bearer'));
      expect(here.status).toBe(401);
      expect(errorCodes(here)).toEqual(['UNAUTHENTICATED']);
      const there = await onOther();
      expect(there.status).toBe(401);
      expect(((await there.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      // Revoking again keeps the first time.
      expect(dataOf(await revokeApiKeyRequest(h, { token: actors.admin.token }, apiKey.id)).revokeApiKey.revokedAt).toBe(revoked.revokedAt);
    } finally {
      await other.close();
    }
  });

  test('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    expect(errorCodes(await revokeApiKeyRequest(h, { token: actors.admin.token }, '00000000-0000-4000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    expectBadInput(await revokeApiKeyRequest(h, { token: actors.admin.token }, 'not-a-uuid'), 'id');
  });
});

describe('apiKeys', () => {
  test('admins page through the keys, newest first, with no secret; everyone else is refused', async () => {
    const issued = [await issueApiKey(h, actors.admin.token), await issueApiKey(h, actors.admin.token)];
    const page = dataOf(
      await h.gql<{ apiKeys: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        `{ apiKeys(first: 1) { nodes { ${API_KEY_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        {},
        { token: actors.admin.token },
      ),
    ).apiKeys;
    expect(page.nodes.map((node) => node.id)).toEqual([issued[1].apiKey.id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await h.gql<{ apiKeys: { nodes: { id: string }[] } }>('query($after: String) { apiKeys(first: 1, after: $after) { nodes { id } } }', { after: page.pageInfo.endCursor }, { token: actors.admin.token }));
    expect(next.apiKeys.nodes.map((node) => node.id)).toEqual([issued[0].apiKey.id]);
    expect(errorCodes(await h.gql('{ apiKeys { nodes { id } } }', {}, { token: actors.editor.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await h.gql('{ apiKeys { nodes { id } } }', {}, withKey(issued[0].key)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await h.gql('{ apiKeys { nodes { id } } }'))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a request with an API key', () => {
  test('reads published articles by id, slug and in lists, through either header', async () => {
    const { key } = await issueApiKey(h, actors.admin.token);
    for (const as of ['x-api-key', 'bearer'] as const) {
      const byId = dataOf(await h.gql<{ article: { title: string } | null }>(ARTICLE_BY_ID, { id: published.id }, withKey(key, as)));
      expect(byId.article?.title).toBe('Tin đã đăng cho đối tác');
      const bySlug = dataOf(await h.gql<{ article: { id: string } | null }>('query($slug: String!) { article(slug: $slug) { id } }', { slug: published.slug }, withKey(key, as)));
      expect(bySlug.article?.id).toBe(published.id);
    }
    const list = dataOf(await h.gql<{ articles: { nodes: { id: string }[] } }>('{ articles(first: 100) { nodes { id } } }', {}, withKey(key)));
    expect(list.articles.nodes.map((node) => node.id)).toContain(published.id);
    expect(list.articles.nodes.map((node) => node.id)).not.toContain(draft.id);
  });

  test('finds no draft and may not list unpublished statuses', async () => {
    const { key } = await issueApiKey(h, actors.admin.token);
    expect(dataOf(await h.gql(ARTICLE_BY_ID, { id: draft.id }, withKey(key)))).toEqual({ article: null });
    expect(dataOf(await h.gql('query($slug: String!) { article(slug: $slug) { id } }', { slug: draft.slug }, withKey(key)))).toEqual({ article: null });
    expect(errorCodes(await h.gql('{ articles(filter: { status: [DRAFT] }) { nodes { id } } }', {}, withKey(key)))).toEqual(['FORBIDDEN']);
  });

  test.each([
    ['createArticle', 'mutation { createArticle(input: { title: "Khóa viết bài", categoryId: "00000000-0000-4000-8000-000000000000" }) { id } }'],
    ['publishArticle', 'mutation($id: ID!) { publishArticle(id: $id) { id } }'],
    ['deleteArticle', 'mutation($id: ID!) { deleteArticle(id: $id) { id } }'],
    ['login', 'mutation { login(email: "a@b.vn", password: "correct horse battery") { token } }'],
    ['recordArticleView and createArticle together', 'mutation($id: ID!) { recordArticleView(articleId: $id) deleteArticle(id: $id) { id } }'],
  ])('is refused %s (FORBIDDEN) and changes nothing', async (_name, mutation) => {
    const { key } = await issueApiKey(h, actors.admin.token);
    const state = async () => ({ draft: await knex()('article').first('status', 'version', 'deleted_at').where('id', draft.id), articles: (await knex()('article').count({ n: '*' }))[0].n });
    await expectRefusedUnchanged(state, () => h.gql(mutation, { id: draft.id }, withKey(key)), 'FORBIDDEN');
  });

  test('may record a view, the public mutation readers make', async () => {
    const { key } = await issueApiKey(h, actors.admin.token);
    const result = await h.gql<{ recordArticleView: boolean }>('mutation($id: ID!) { recordArticleView(articleId: $id) }', { id: published.id }, { headers: { 'x-api-key': key, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' } });
    expect(dataOf(result).recordArticleView).toBe(true);
  });

  test('an unknown or malformed key is 401 UNAUTHENTICATED, never anonymous', async () => {
    for (const key of ['bpk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'not a key']) {
      const result = await h.gql('{ articles(first: 1) { nodes { id } } }', {}, withKey(key));
      expect(result.status).toBe(401);
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
  });

  test('writes the last-used time once, not on every request', async () => {
    const { key, apiKey } = await issueApiKey(h, actors.admin.token);
    const before = Date.now();
    await h.gql('{ articles(first: 1) { nodes { id } } }', {}, withKey(key));
    const first = await lastUsed(apiKey.id);
    expect(first.getTime()).toBeGreaterThanOrEqual(before - 1000);
    for (let i = 0; i < 3; i += 1) await h.gql('{ articles(first: 1) { nodes { id } } }', {}, withKey(key));
    expect((await lastUsed(apiKey.id)).toISOString()).toBe(first.toISOString());
  });
});
