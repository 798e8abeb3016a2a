import { createHash } from 'node:crypto';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { startHarness, type Harness } from '../helpers/harness';
import { BULLETIN_AUTHOR, BULLETIN_SLUG, SITE_URL, bulletinArticle } from '../helpers/syndication';

/** What a frontend or CDN sends: Apollo's CSRF rule wants a header a browser form cannot set. */
const PREFLIGHT = { 'apollo-require-preflight': 'true' };
const LATEST = '{ articles(first: 3) { nodes { id title category { name } } } }';
const PUBLIC_POLICY = 'public, max-age=45, stale-while-revalidate=90';

let h: Harness;
let editor: SignedIn;
let bulletin: Awaited<ReturnType<typeof bulletinArticle>>;
beforeAll(async () => {
  h = await startHarness({ SITE_URL, PUBLIC_CACHE_MAX_AGE_SECONDS: '45', PUBLIC_CACHE_STALE_SECONDS: '90' });
  editor = await signIn(h, { role: Role.EDITOR });
  bulletin = await bulletinArticle(h);
});
afterAll(() => h?.close());

async function getQuery(params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const response = await fetch(`${h.url}/graphql?${search}`, { headers: { ...PREFLIGHT, ...headers } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: Record<string, never>; errors?: { extensions?: { code?: string } }[] } };
}

const tagsOf = (headers: Headers) => (headers.get('cache-tag') ?? '').split(',').filter(Boolean);

describe('public queries over GET', () => {
  test('answer with Cache-Control: public from the policy, and the tags of what they hold', async () => {
    const response = await getQuery({ query: LATEST });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.headers.get('cache-control')).toBe(PUBLIC_POLICY);
    const ids = (response.body.data as unknown as { articles: { nodes: { id: string }[] } }).articles.nodes.map((node) => node.id);
    const tags = tagsOf(response.headers);
    expect(tags).toEqual(expect.arrayContaining(['list:articles', ...ids.map((id) => `article:${id}`)]));
    expect(tags.some((tag) => tag.startsWith('category:'))).toBe(true);
    expect(response.headers.get('surrogate-key')?.split(' ').sort()).toEqual([...tags].sort());
  });

  test('the same query with a staff token is private, no-store, and untagged', async () => {
    const response = await getQuery({ query: LATEST }, { authorization: `Bearer ${editor.token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('cache-tag')).toBeNull();
    expect(response.headers.get('surrogate-key')).toBeNull();
  });

  test('an article page is tagged with the article, its category and its cover', async () => {
    const response = await getQuery({ query: `{ article(slug: "${BULLETIN_SLUG}") { id category { id } coverImage { id } } site { name } }` });
    const article = (response.body.data as unknown as { article: { id: string; category: { id: string }; coverImage: { id: string } } }).article;
    expect(tagsOf(response.headers).sort()).toEqual([`article:${article.id}`, `category:${article.category.id}`, `media:${article.coverImage.id}`, 'site'].sort());
  });

  test('an answer holding a per-visitor field (an ad serving) is private, no-store, even anonymous', async () => {
    const response = await getQuery({ query: '{ site { name } adSlot(key: "sidebar-1") { ads { impressionToken } } }' });
    expect(response.body.errors).toBeUndefined();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('cache-tag')).toBeNull();
  });

  test('an answer with errors is not cacheable', async () => {
    const response = await getQuery({ query: '{ article(id: "not-a-uuid") { id } }' });
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('cache-tag')).toBeNull();
  });

  test('varies on no header but Accept', async () => {
    const response = await getQuery({ query: LATEST });
    expect((response.headers.get('vary') ?? 'accept').toLowerCase()).toBe('accept');
  });

  test('a GET without a preflight header is refused (CSRF prevention), and so is a mutation over GET', async () => {
    const bare = await fetch(`${h.url}/graphql?query=${encodeURIComponent(LATEST)}`);
    expect(bare.status).toBe(400);
    const mutation = await getQuery({ query: `mutation { recordArticleView(articleId: "${bulletin.id}") }` });
    expect(mutation.status).toBe(405);
    expect(mutation.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});

describe('automatic persisted queries over GET', () => {
  const query = `{ article(slug: "${BULLETIN_SLUG}") { title } }`;
  const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };

  test('an unknown hash asks for the query; sent once with it, the hash alone then answers, publicly cacheable', async () => {
    const unknown = await getQuery({ extensions: { persistedQuery } });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    const registered = await getQuery({ query, extensions: { persistedQuery } });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await getQuery({ extensions: { persistedQuery } });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
    expect(byHash.headers.get('cache-control')).toBe(PUBLIC_POLICY);
    expect(tagsOf(byHash.headers)).toEqual([`article:${bulletin.id}`]);
  });

  test('a hash that does not match its query is refused', async () => {
    const response = await getQuery({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });
});

describe('POST keeps its policy', () => {
  test('an anonymous POST query is public, a mutation is no-store', async () => {
    expect((await h.gql(LATEST)).headers.get('cache-control')).toBe(PUBLIC_POLICY);
    const view = await h.gql(`mutation { recordArticleView(articleId: "${bulletin.id}") }`);
    expect(view.data).toEqual({ recordArticleView: false }); // fetch's user agent is a bot to the counter
    expect(view.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Article.canonicalUrl and Article.attribution', () => {
  test('built from SITE_URL and ARTICLE_PATH, with the site, the author and the rights line', async () => {
    const result = await h.gql<{ article: { canonicalUrl: string; attribution: Record<string, string> } }>(
      `{ article(slug: "${BULLETIN_SLUG}") { canonicalUrl attribution { source author rights } } site { name } }`,
    );
    const site = (result.data as unknown as { site: { name: string } }).site;
    expect(result.data?.article).toEqual({
      canonicalUrl: `${SITE_URL}/${BULLETIN_SLUG}`,
      attribution: { source: site.name, author: BULLETIN_AUTHOR, rights: `© ${site.name}` },
    });
  });

  test('a page of articles reads the site once for every attribution (one statement more, whatever the page size)', async () => {
    const count = async (query: string) => {
      const before = h.queryCount();
      expect((await h.gql(query)).errors).toBeUndefined();
      return h.queryCount() - before;
    };
    const plain = await count('{ articles(first: 20) { nodes { id canonicalUrl } } }');
    const credited = await count('{ articles(first: 20) { nodes { id canonicalUrl attribution { source author rights } } } }');
    expect(credited).toBe(plain + 1);
  });
});
