import type { EntityManager } from '@mikro-orm/postgresql';
import { snapshotOf } from '../../src/modules/article/article-revisions';
import { ArticleRevision, ArticleRevisionAction } from '../../src/modules/article/article-revision.entity';
import { User } from '../../src/modules/identity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle, uniqueToken } from '../helpers/factories';
import { startHarness, type GraphQLResult, type Harness } from '../helpers/harness';
import {
  articleState,
  createArticleRequest,
  errorCodes,
  moveRequest,
  publishRequest,
  requestChangesRequest,
  revertRequest,
  updateArticleRequest,
} from '../helpers/article-api';

/**
 * Every article mutation as anonymous, an author on their own article, an author on another
 * author's article, an editor and an admin. Each case starts from a fresh article in the state the
 * mutation needs; after every refusal the row and its history are re-read: nothing changed.
 */

let h: Harness;
const actors: Record<'author' | 'otherAuthor' | 'editor' | 'admin', SignedIn> = {} as never;
beforeAll(async () => {
  h = await startHarness();
  const [author, otherAuthor, editor, admin] = await Promise.all([Role.AUTHOR, Role.AUTHOR, Role.EDITOR, Role.ADMIN].map((role) => signIn(h, { role })));
  Object.assign(actors, { author, otherAuthor, editor, admin });
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

interface Fixture {
  id: string;
  title: string;
  categoryId: string;
  /** A revision holding the article's first content (for revertArticle). */
  revisionId: string;
}

interface Start {
  status: ArticleStatus;
  deleted?: boolean;
}

/** An article by `owner` in the given state, at version 2 with two revisions (so a revert has something to do). */
async function prepare(owner: User, { status, deleted = false }: Start): Promise<Fixture> {
  const em: EntityManager = h.orm.em.fork();
  const publishedAt = status === ArticleStatus.PUBLISHED ? new Date(Date.now() - 3_600_000) : status === ArticleStatus.SCHEDULED ? new Date(Date.now() + 3_600_000) : null;
  const article = await createArticle(em, { author: em.getReference(User, owner.id), status, publishedAt, title: `Bản gốc ${uniqueToken()}` });
  const first = em.create(ArticleRevision, { article, actor: null, action: ArticleRevisionAction.CREATE, snapshot: snapshotOf(article), version: 1 });
  await em.persistAndFlush(first);
  article.title = `Bản sửa ${uniqueToken()}`;
  article.deletedAt = deleted ? new Date() : null;
  await em.flush();
  await em.persistAndFlush(em.create(ArticleRevision, { article, actor: null, action: ArticleRevisionAction.UPDATE, snapshot: snapshotOf(article), version: article.version }));
  return { id: article.id, title: article.title, categoryId: article.category.id, revisionId: first.id };
}

type Run = (fixture: Fixture, token: string | undefined) => Promise<GraphQLResult<Record<string, unknown>>>;

interface MutationSpec {
  start: Start;
  run: Run;
  /** The row after a successful call (version and revisions each go up by one). */
  applied: Record<string, unknown>;
}

const MUTATIONS: Record<string, MutationSpec> = {
  updateArticle: {
    start: { status: ArticleStatus.DRAFT },
    run: (f, token) => updateArticleRequest(h, token, f.id, { version: 2, title: 'Tiêu đề mới' }),
    applied: { title: 'Tiêu đề mới', status: 'DRAFT' },
  },
  submitArticle: { start: { status: ArticleStatus.DRAFT }, run: (f, token) => moveRequest(h, token, 'submitArticle', f.id), applied: { status: 'IN_REVIEW' } },
  requestChanges: {
    start: { status: ArticleStatus.IN_REVIEW },
    run: (f, token) => requestChangesRequest(h, token, f.id, 'Viết lại đoạn mở đầu'),
    applied: { status: 'DRAFT', review_note: 'Viết lại đoạn mở đầu' },
  },
  publishArticle: { start: { status: ArticleStatus.IN_REVIEW }, run: (f, token) => publishRequest(h, token, f.id), applied: { status: 'PUBLISHED' } },
  unpublishArticle: {
    start: { status: ArticleStatus.PUBLISHED },
    run: (f, token) => moveRequest(h, token, 'unpublishArticle', f.id),
    applied: { status: 'DRAFT', published_at: null },
  },
  archiveArticle: { start: { status: ArticleStatus.PUBLISHED }, run: (f, token) => moveRequest(h, token, 'archiveArticle', f.id), applied: { status: 'ARCHIVED' } },
  deleteArticle: { start: { status: ArticleStatus.PUBLISHED }, run: (f, token) => moveRequest(h, token, 'deleteArticle', f.id), applied: { deleted_at: expect.anything() } },
  restoreArticle: {
    start: { status: ArticleStatus.DRAFT, deleted: true },
    run: (f, token) => moveRequest(h, token, 'restoreArticle', f.id),
    applied: { deleted_at: null },
  },
  revertArticle: {
    start: { status: ArticleStatus.DRAFT },
    run: (f, token) => revertRequest(h, token, f.id, f.revisionId, 2),
    applied: { title: expect.stringMatching(/^Bản gốc /) },
  },
};

type ActorName = 'anonymous' | 'author (own article)' | "author (another author's article)" | 'editor' | 'admin';
const OK = null;

/** Mutations every staff member may call (row rules decide), and editor-only ones (role gate). */
const STAFF_OUTCOMES: Record<ActorName, string | null> = {
  anonymous: 'UNAUTHENTICATED',
  'author (own article)': OK,
  "author (another author's article)": 'NOT_FOUND', // a draft of someone else: hidden ≡ not found
  editor: OK,
  admin: OK,
};
const EDITOR_OUTCOMES: Record<ActorName, string | null> = {
  anonymous: 'UNAUTHENTICATED',
  'author (own article)': 'FORBIDDEN',
  "author (another author's article)": 'FORBIDDEN',
  editor: OK,
  admin: OK,
};
const STAFF_MUTATIONS = new Set(['updateArticle', 'submitArticle', 'revertArticle']);

function actor(name: ActorName): { token: string | undefined; owner: User } {
  const pick = { anonymous: undefined, 'author (own article)': actors.author, "author (another author's article)": actors.author, editor: actors.editor, admin: actors.admin }[name];
  const owner = name === "author (another author's article)" ? actors.otherAuthor.user : actors.author.user;
  return { token: pick?.token, owner };
}

const CASES = Object.keys(MUTATIONS).flatMap((mutation) =>
  (Object.keys(STAFF_OUTCOMES) as ActorName[]).map((name) => {
    const outcome = (STAFF_MUTATIONS.has(mutation) ? STAFF_OUTCOMES : EDITOR_OUTCOMES)[name];
    return [mutation, name, outcome ?? 'succeeds'] as const;
  }),
);

test.each(CASES)('%s as %s: %s', async (mutation, name, outcome) => {
  const spec = MUTATIONS[mutation];
  const { token, owner } = actor(name);
  const fixture = await prepare(owner, spec.start);
  if (outcome !== 'succeeds') return expectRefusedUnchanged(() => articleState(knex(), fixture.id), () => spec.run(fixture, token), outcome);
  const before = await articleState(knex(), fixture.id);
  dataOf(await spec.run(fixture, token));
  const after = await articleState(knex(), fixture.id);
  expect(after).toMatchObject({ ...spec.applied, version: (before.version as number) + 1, revisions: (before.revisions as number) + 1 });
});

describe('createArticle', () => {
  const input = (title: string, f: { categoryId: string }) => ({ title, categoryId: f.categoryId });
  const rows = (title: string) => knex()('article').select('author_id', 'status', 'version').where('title', title);

  test.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['author (own article)', 'succeeds'],
    ['editor', 'succeeds'],
    ['admin', 'succeeds'],
  ] as const)('as %s: %s', async (name, outcome) => {
    const { token } = actor(name);
    const signedIn = { anonymous: undefined, 'author (own article)': actors.author, editor: actors.editor, admin: actors.admin }[name];
    const fixture = await prepare(actors.author.user, { status: ArticleStatus.DRAFT });
    const title = `Bài mới ${uniqueToken()}`;
    const result = await createArticleRequest(h, token, input(title, fixture));
    if (outcome === 'succeeds') {
      expect(dataOf(result).createArticle).toMatchObject({ title, status: 'DRAFT', version: 1 });
      expect(await rows(title)).toEqual([{ author_id: signedIn?.user.id, status: 'DRAFT', version: 1 }]);
    } else {
      expect(errorCodes(result)).toEqual([outcome]);
      expect(await rows(title)).toEqual([]);
    }
  });

  test("as author (another author's article): there is no way to name another author", async () => {
    const fixture = await prepare(actors.author.user, { status: ArticleStatus.DRAFT });
    const title = `Bài mạo danh ${uniqueToken()}`;
    const result = await h.gql(
      `mutation($c: ID!, $a: ID!) { createArticle(input: { title: "${title}", categoryId: $c, authorId: $a }) { id } }`,
      { c: fixture.categoryId, a: actors.otherAuthor.user.id },
      { token: actors.author.token },
    );
    expect(errorCodes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await rows(title)).toEqual([]);
  });
});

const ROW_RULES: [string, keyof typeof actors | 'anonymous', 'own' | 'other', Start, Run, string][] = [
  ['an author edits a published article of another author', 'author', 'other', { status: ArticleStatus.PUBLISHED }, MUTATIONS.updateArticle.run, 'FORBIDDEN'],
  ['an author submits a published article of another author', 'author', 'other', { status: ArticleStatus.PUBLISHED }, MUTATIONS.submitArticle.run, 'FORBIDDEN'],
  ['an author reverts a published article of another author', 'author', 'other', { status: ArticleStatus.PUBLISHED }, MUTATIONS.revertArticle.run, 'FORBIDDEN'],
  ['an author edits their own article in review', 'author', 'own', { status: ArticleStatus.IN_REVIEW }, MUTATIONS.updateArticle.run, 'FORBIDDEN'],
  ['an author edits their own published article', 'author', 'own', { status: ArticleStatus.PUBLISHED }, MUTATIONS.updateArticle.run, 'FORBIDDEN'],
  ['an author reverts their own scheduled article', 'author', 'own', { status: ArticleStatus.SCHEDULED }, MUTATIONS.revertArticle.run, 'FORBIDDEN'],
  [
    'an author sets the slug of their own draft',
    'author',
    'own',
    { status: ArticleStatus.DRAFT },
    (f, token) => updateArticleRequest(h, token, f.id, { version: 2, slug: `tu-dat-${uniqueToken()}` }),
    'FORBIDDEN',
  ],
  ['an author submits their own article already in review', 'author', 'own', { status: ArticleStatus.IN_REVIEW }, MUTATIONS.submitArticle.run, 'CONFLICT'],
  ['an author edits their own deleted draft', 'author', 'own', { status: ArticleStatus.DRAFT, deleted: true }, MUTATIONS.updateArticle.run, 'NOT_FOUND'],
  ['an author edits an archived article of another author', 'author', 'other', { status: ArticleStatus.ARCHIVED }, MUTATIONS.updateArticle.run, 'NOT_FOUND'],
  ['an editor publishes a published article', 'editor', 'own', { status: ArticleStatus.PUBLISHED }, MUTATIONS.publishArticle.run, 'CONFLICT'],
  ['an editor requests changes on a draft', 'editor', 'own', { status: ArticleStatus.DRAFT }, MUTATIONS.requestChanges.run, 'CONFLICT'],
  ['an editor edits a deleted article', 'editor', 'own', { status: ArticleStatus.PUBLISHED, deleted: true }, MUTATIONS.updateArticle.run, 'CONFLICT'],
  ['an admin restores an article that is not deleted', 'admin', 'own', { status: ArticleStatus.DRAFT }, MUTATIONS.restoreArticle.run, 'CONFLICT'],
  ['an editor sends a stale version', 'editor', 'own', { status: ArticleStatus.DRAFT }, (f, token) => updateArticleRequest(h, token, f.id, { version: 1, title: 'Cũ' }), 'CONFLICT'],
  ['anonymous edits a published article', 'anonymous', 'own', { status: ArticleStatus.PUBLISHED }, MUTATIONS.updateArticle.run, 'UNAUTHENTICATED'],
];

test.each(ROW_RULES)('refuses when %s, changing nothing', async (_name, who, whose, start, run, code) => {
  const fixture = await prepare(whose === 'other' ? actors.otherAuthor.user : actors.author.user, start);
  const token = who === 'anonymous' ? undefined : actors[who].token;
  await expectRefusedUnchanged(() => articleState(knex(), fixture.id), () => run(fixture, token), code);
});

test('covers every article mutation in the schema', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Mutation") { fields { name } } }`));
  const articleMutations = __type.fields.map((field) => field.name).filter((name) => /Article|requestChanges/.test(name) && name !== 'recordArticleView');
  expect(articleMutations.sort()).toEqual(['createArticle', ...Object.keys(MUTATIONS)].sort());
  expect(CASES).toHaveLength(Object.keys(MUTATIONS).length * 5);
});
