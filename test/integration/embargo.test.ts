import { liftDueEmbargoes } from '../../src/modules/article/article-scheduler';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { issueApiKey, withKey } from '../helpers/api-keys';
import { createDraft, errorCodes, type ArticleData } from '../helpers/article-api';
import { dataOf, expectBadInput, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { createCategory } from '../helpers/factories';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';

/** Article.embargoedUntil: until then only staff and keys with the EMBARGOED scope see the article; the scheduler lifts it. */

let h: Harness;
const actors: Record<'author' | 'otherAuthor' | 'editor' | 'admin', SignedIn> = {} as never;
let plainKey: string;
let embargoKey: string;
let category: { id: string; slug: string };
beforeAll(async () => {
  h = await startHarness();
  const [author, otherAuthor, editor, admin] = await Promise.all([Role.AUTHOR, Role.AUTHOR, Role.EDITOR, Role.ADMIN].map((role) => signIn(h, { role })));
  Object.assign(actors, { author, otherAuthor, editor, admin });
  plainKey = (await issueApiKey(h, admin.token)).key;
  embargoKey = (await issueApiKey(h, admin.token, { scopes: ['EMBARGOED'] })).key;
  category = await createCategory(h.orm.em.fork());
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();
const inAnHour = () => new Date(Date.now() + 3_600_000);

function publishEmbargoed(options: { token?: string; headers?: Record<string, string> }, id: string, embargoedUntil: Date, at?: Date): Promise<GraphQLResult<{ publishArticle: ArticleData & { embargoedUntil: string | null } }>> {
  return h.gql(
    'mutation($id: ID!, $at: DateTime, $until: DateTime) { publishArticle(id: $id, at: $at, embargoedUntil: $until) { id status publishedAt embargoedUntil version } }',
    { id, at: at?.toISOString(), until: embargoedUntil.toISOString() },
    options,
  );
}

async function embargoedArticle(title = `Tin cấm đăng ${Math.random().toString(36).slice(2, 8)}`): Promise<ArticleData> {
  const draft = await createDraft(h, actors.author.token, { categoryId: category.id, title });
  dataOf(await publishEmbargoed({ token: actors.editor.token }, draft.id, inAnHour()));
  return draft;
}

const articleState = (id: string) => knex()('article').first('status', 'published_at', 'embargoed_until', 'version').where('id', id);

describe('publishArticle with embargoedUntil', () => {
  test.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['author (own article)', 'FORBIDDEN'],
    ['otherAuthor', 'FORBIDDEN'],
    ['apiKey', 'FORBIDDEN'],
  ])('is refused to %s (%s), the draft unchanged', async (who, code) => {
    const draft = await createDraft(h, actors.author.token, { categoryId: category.id });
    const options = who === 'anonymous' ? {} : who === 'apiKey' ? withKey(embargoKey) : { token: actors[who === 'otherAuthor' ? 'otherAuthor' : 'author'].token };
    await expectRefusedUnchanged(() => articleState(draft.id), () => publishEmbargoed(options, draft.id, inAnHour()), code);
  });

  test.each(['editor', 'admin'] as const)('an %s publishes under embargo: PUBLISHED, embargoedUntil set', async (who) => {
    const draft = await createDraft(h, actors.author.token, { categoryId: category.id });
    const until = inAnHour();
    const published = dataOf(await publishEmbargoed({ token: actors[who].token }, draft.id, until)).publishArticle;
    expect(published).toMatchObject({ status: 'PUBLISHED', embargoedUntil: until.toISOString() });
  });

  test('refuses an embargo that ends in the past or before the publication time, naming the field', async () => {
    const draft = await createDraft(h, actors.author.token, { categoryId: category.id });
    expectBadInput(await publishEmbargoed({ token: actors.editor.token }, draft.id, new Date(Date.now() - 1000)), 'embargoedUntil');
    expectBadInput(await publishEmbargoed({ token: actors.editor.token }, draft.id, inAnHour(), new Date(Date.now() + 7_200_000)), 'embargoedUntil');
    expect(await articleState(draft.id)).toMatchObject({ status: 'DRAFT', embargoed_until: null });
  });

  test('unpublishing clears the embargo; publishing again without one publishes for everyone', async () => {
    const article = await embargoedArticle();
    dataOf(await h.gql('mutation($id: ID!) { unpublishArticle(id: $id) { id } }', { id: article.id }, { token: actors.editor.token }));
    expect(await articleState(article.id)).toMatchObject({ status: 'DRAFT', embargoed_until: null });
    dataOf(await h.gql('mutation($id: ID!) { publishArticle(id: $id) { id } }', { id: article.id }, { token: actors.editor.token }));
    expect(dataOf(await h.gql<{ article: { id: string } | null }>('query($id: ID!) { article(id: $id) { id } }', { id: article.id })).article?.id).toBe(article.id);
  });
});

describe('reading an embargoed article', () => {
  let article: ArticleData;
  const word = `camdang${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    article = await embargoedArticle(`Tin ${word} hôm nay`);
  });

  /** What one viewer finds of the article on every read path. */
  async function sightings(options: { token?: string; headers?: Record<string, string> }) {
    const result = dataOf(
      await h.gql<{
        byId: { id: string; embargoedUntil: string | null } | null;
        bySlug: { id: string } | null;
        latest: { nodes: { id: string }[] };
        search: { totalCount: number; nodes: { id: string }[] };
        inCategory: { articles: { totalCount: number; nodes: { id: string }[] } } | null;
      }>(
        `query($id: ID!, $slug: String!, $search: String!, $category: String!) {
          byId: article(id: $id) { id embargoedUntil }
          bySlug: article(slug: $slug) { id }
          latest: articles(first: 100) { nodes { id } }
          search: articles(filter: { search: $search }) { totalCount nodes { id } }
          inCategory: category(slug: $category) { articles(first: 100) { totalCount nodes { id } } }
        }`,
        { id: article.id, slug: article.slug, search: word, category: category.slug },
        options,
      ),
    );
    return {
      byId: result.byId?.id === article.id,
      bySlug: result.bySlug?.id === article.id,
      latest: result.latest.nodes.some((node) => node.id === article.id),
      search: result.search.nodes.some((node) => node.id === article.id) && result.search.totalCount === 1,
      inCategory: (result.inCategory?.articles.nodes ?? []).some((node) => node.id === article.id),
    };
  }

  const NOWHERE = { byId: false, bySlug: false, latest: false, search: false, inCategory: false };
  const EVERYWHERE = { byId: true, bySlug: true, latest: true, search: true, inCategory: true };

  test('is not found by anonymous readers, keys without the scope and other authors, on any path', async () => {
    expect(await sightings({})).toEqual(NOWHERE);
    expect(await sightings(withKey(plainKey))).toEqual(NOWHERE);
    const other = await sightings({ token: actors.otherAuthor.token });
    expect({ byId: other.byId, bySlug: other.bySlug }).toEqual({ byId: false, bySlug: false });
    expect(dataOf(await h.gql<{ search: { totalCount: number } }>('query($s: String!) { search: articles(filter: { search: $s }) { totalCount } }', { s: word })).search.totalCount).toBe(0);
  });

  test('is found on every path by a key with the EMBARGOED scope, with its embargoedUntil (the positive control)', async () => {
    expect(await sightings(withKey(embargoKey))).toEqual(EVERYWHERE);
    const row = dataOf(await h.gql<{ article: { embargoedUntil: string } }>('query($id: ID!) { article(id: $id) { embargoedUntil } }', { id: article.id }, withKey(embargoKey)));
    expect(new Date(row.article.embargoedUntil).getTime()).toBeGreaterThan(Date.now());
  });

  test('editors and the article’s author still see it by id', async () => {
    for (const token of [actors.editor.token, actors.author.token]) {
      expect(dataOf(await h.gql<{ article: { id: string } | null }>('query($id: ID!) { article(id: $id) { id } }', { id: article.id }, { token })).article?.id).toBe(article.id);
    }
  });
});

describe('lifting an embargo', () => {
  test('the scheduler lifts each due embargo once when runs race (SKIP LOCKED), and the feed says EMBARGO_LIFTED once', async () => {
    const articles = await Promise.all(Array.from({ length: 6 }, () => embargoedArticle()));
    const ids = articles.map((article) => article.id);
    // Their time has come (as if an hour had passed).
    await knex()('article').whereIn('id', ids).update({ embargoed_until: new Date(Date.now() - 1000) });
    const runs = await Promise.all(Array.from({ length: 4 }, () => liftDueEmbargoes(h.orm.em, h.app.articleChanges, 2)));
    const rest = await liftDueEmbargoes(h.orm.em, h.app.articleChanges);
    const lifted = [...runs.flat(), ...rest].filter((id) => ids.includes(id));
    expect(lifted.sort()).toEqual([...ids].sort());

    const rows = await knex()('article').select('embargoed_until', 'status').whereIn('id', ids);
    expect(rows.every((row) => row.embargoed_until === null && row.status === 'PUBLISHED')).toBe(true);
    const revisions = await knex()('article_revision').whereIn('article_id', ids).where('action', 'LIFT_EMBARGO').whereNull('actor_id').pluck('article_id');
    expect(revisions.sort()).toEqual([...ids].sort());

    // The change log (what articleChanges serves, once older transactions on the server have ended).
    const changes: { article_id: string; kind: string }[] = await knex()('article_change').select('article_id', 'kind').whereIn('article_id', ids);
    for (const id of ids) expect(changes.filter((change) => change.article_id === id).map((change) => change.kind)).toEqual(['EMBARGO_LIFTED']);
    // Now public: anonymous readers find it.
    expect(dataOf(await h.gql<{ article: { id: string } | null }>('query($id: ID!) { article(id: $id) { id embargoedUntil } }', { id: ids[0] })).article).toEqual({ id: ids[0], embargoedUntil: null });
    expect(await liftDueEmbargoes(h.orm.em, h.app.articleChanges)).toEqual([]);
  });

  test('an embargo not yet due stays', async () => {
    const article = await embargoedArticle();
    expect(await liftDueEmbargoes(h.orm.em, h.app.articleChanges)).not.toContain(article.id);
    expect(errorCodes(await h.gql('query($id: ID!) { article(id: $id) { id } }', { id: article.id }))).toBeUndefined();
    expect(dataOf(await h.gql('query($id: ID!) { article(id: $id) { id } }', { id: article.id }))).toEqual({ article: null });
  });
});
