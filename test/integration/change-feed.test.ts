import type { ArticleChangeEvent } from '../../src/modules/article';
import { recordArticleChange } from '../../src/modules/change-feed';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { issueApiKey, withKey } from '../helpers/api-keys';
import { createDraft, moveRequest, publishRequest, updateArticleRequest } from '../helpers/article-api';
import { dataOf, errorCodes, expectBadInput } from '../helpers/expect-graphql';
import { createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/**
 * articleChanges: every change to public visibility, served in an order where a change shows only
 * once every change before it has committed, so a partner polling from its last cursor ends with
 * exactly the public set (issue 12, item 3).
 */

let h: Harness;
let editor: SignedIn;
let author: SignedIn;
let apiKey: string;
let categoryId: string;
beforeAll(async () => {
  h = await startHarness();
  const admin = await signIn(h, { role: Role.ADMIN });
  [editor, author] = await Promise.all([signIn(h, { role: Role.EDITOR }), signIn(h, { role: Role.AUTHOR })]);
  apiKey = (await issueApiKey(h, admin.token, { rateLimitPerMinute: 100_000 })).key;
  categoryId = (await createCategory(h.orm.em.fork())).id;
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

interface Change {
  articleId: string;
  kind: string;
  at: string;
}
interface FeedPage {
  nodes: Change[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FEED = 'query($after: String, $first: Int) { articleChanges(after: $after, first: $first) { nodes { articleId kind at } pageInfo { hasNextPage endCursor } } }';

async function page(after: string | null, first = 100): Promise<FeedPage> {
  return dataOf(await h.gql<{ articleChanges: FeedPage }>(FEED, { after, first }, withKey(apiKey))).articleChanges;
}

/** A partner's poll: every page from `cursor` on; returns the changes and the cursor to keep. */
async function pollAll(cursor: string | null): Promise<{ changes: Change[]; cursor: string | null }> {
  const changes: Change[] = [];
  for (;;) {
    const next = await page(cursor);
    changes.push(...next.nodes);
    cursor = next.pageInfo.endCursor ?? cursor;
    if (!next.pageInfo.hasNextPage) return { changes, cursor };
  }
}

/**
 * Waits until every change written so far may be served: the oldest transaction still running
 * anywhere on the PostgreSQL server (transaction ids are server-wide: other databases' count too)
 * is younger than the newest change, or `below` when given. Polls the server; no fixed sleep.
 */
async function caughtUp(below?: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const { rows } = await knex().raw<{ rows: { caught: boolean }[] }>(
      'select coalesce(?::bigint, (select max(txid) from article_change)) < pg_snapshot_xmin(pg_current_snapshot())::text::bigint as caught',
      [below ?? null],
    );
    if (rows[0].caught !== false) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('an older transaction on the server stayed open for 30 s');
}

/** The cursor after everything committed so far (a partner starting now). */
async function cursorNow(): Promise<string | null> {
  await caughtUp();
  return (await pollAll(null)).cursor;
}

/** A poll once everything committed so far can be served. */
async function settledPoll(cursor: string | null): Promise<{ changes: Change[]; cursor: string | null }> {
  await caughtUp();
  return pollAll(cursor);
}

async function publicIds(): Promise<string[]> {
  return (await knex()('article').pluck('id').where('status', 'PUBLISHED').where('published_at', '<=', knex().fn.now()).whereNull('deleted_at').whereNull('embargoed_until')).sort();
}

test('API keys and staff read it; anonymous callers are UNAUTHENTICATED', async () => {
  expect(errorCodes(await h.gql(FEED, {}))).toEqual(['UNAUTHENTICATED']);
  for (const options of [withKey(apiKey), { token: author.token }, { token: editor.token }]) {
    expect(errorCodes(await h.gql(FEED, { first: 1 }, options))).toBeUndefined();
  }
});

test('the seeded articles are in the feed from the start', async () => {
  const { changes } = await settledPoll(null);
  const seeded = await knex()('article').pluck('id').where('status', 'PUBLISHED');
  expect(seeded.length).toBeGreaterThan(0);
  for (const id of seeded) expect(changes.some((change) => change.articleId === id && change.kind === 'PUBLISHED')).toBe(true);
});

test('publish, edit, unpublish, publish, delete: one entry each, the tombstones with the id and the time', async () => {
  const cursor = await cursorNow();
  const draft = await createDraft(h, editor.token, { categoryId });
  const published = dataOf(await publishRequest(h, editor.token, draft.id)).publishArticle;
  dataOf(await updateArticleRequest(h, editor.token, draft.id, { version: published.version, title: 'Tiêu đề đã sửa' }));
  dataOf(await moveRequest(h, editor.token, 'unpublishArticle', draft.id));
  dataOf(await publishRequest(h, editor.token, draft.id));
  const before = Date.now();
  dataOf(await moveRequest(h, editor.token, 'deleteArticle', draft.id));
  const { changes } = await settledPoll(cursor);
  expect(changes.map((change) => [change.articleId, change.kind])).toEqual([
    [draft.id, 'PUBLISHED'],
    [draft.id, 'UPDATED'],
    [draft.id, 'UNPUBLISHED'],
    [draft.id, 'PUBLISHED'],
    [draft.id, 'UNPUBLISHED'],
  ]);
  expect(new Date(changes[4].at).getTime()).toBeGreaterThanOrEqual(before - 1000);
});

test('refuses a bad page size or an edited cursor with BAD_USER_INPUT', async () => {
  expectBadInput(await h.gql(FEED, { first: 0 }, withKey(apiKey)), 'first');
  expectBadInput(await h.gql(FEED, { first: 101 }, withKey(apiKey)), 'first');
  expectBadInput(await h.gql(FEED, { after: 'not-a-cursor' }, withKey(apiKey)), 'after');
});

/** Resolves when `release()` is called: lets a test hold a transaction open at a chosen point. */
function gate(): { wait: Promise<void>; release: () => void } {
  let release!: () => void;
  const wait = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait, release };
}

/** Runs a transaction that takes its id at once, writes its change at `write`, and commits at `commit`. */
function heldTransaction(articleId: string, steps: { write: Promise<void>; commit: Promise<void> }): { started: Promise<void>; written: Promise<void>; done: Promise<void>; txid: () => string } {
  const started = gate();
  const written = gate();
  let txid = '';
  const done = h.orm.em.fork().transactional(async (tx) => {
    const [row] = await tx.getConnection().execute<{ txid: string }[]>('select pg_current_xact_id()::text as txid', [], 'all', tx.getTransactionContext());
    txid = row.txid;
    started.release();
    await steps.write;
    // A tombstone for an id no article has: a mirror applying it stays the same.
    const event: ArticleChangeEvent = { articleId, kind: 'UNPUBLISHED', at: new Date(), tags: [] };
    await recordArticleChange(tx, event);
    written.release();
    await steps.commit;
  });
  return { started: started.wait, written: written.wait, done, txid: () => txid };
}

test('a change committed first but taken later is served only after the older transaction ends, and never skipped', async () => {
  const cursor = await cursorNow();
  const [older, younger] = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];
  // The older transaction takes its id first; the younger one writes its row (the lower sequence
  // number) first; the older one writes and commits first. Ordered by sequence alone, a reader
  // would be given the older's row, move past it, and never see the younger's.
  const youngerWrite = gate();
  const youngerCommit = gate();
  const olderWrite = gate();
  const olderCommit = gate();
  const gates = [youngerWrite, youngerCommit, olderWrite, olderCommit];
  const olderTx = heldTransaction(older, { write: olderWrite.wait, commit: olderCommit.wait });
  await olderTx.started;
  const youngerTx = heldTransaction(younger, { write: youngerWrite.wait, commit: youngerCommit.wait });
  try {
    await youngerTx.started;
    youngerWrite.release();
    await youngerTx.written;
    olderWrite.release();
    await olderTx.written;
    olderCommit.release();
    await olderTx.done;

    await caughtUp(olderTx.txid());
    const first = await pollAll(cursor);
    expect(first.changes.map((change) => change.articleId)).toEqual([older]);
    youngerCommit.release();
    await youngerTx.done;
    const second = await settledPoll(first.cursor);
    expect(second.changes.map((change) => change.articleId)).toEqual([younger]);
  } finally {
    // A failed expectation must not leave a transaction open (it would hold every later poll back).
    gates.forEach((one) => one.release());
    await Promise.allSettled([olderTx.done, youngerTx.done]);
  }
});

test('a change waits while any older transaction is still open, even one that writes no change', async () => {
  const cursor = await cursorNow();
  const commit = gate();
  const open = heldTransaction('00000000-0000-4000-8000-0000000000c3', { write: commit.wait, commit: Promise.resolve() });
  try {
    await open.started;
    const draft = await createDraft(h, editor.token, { categoryId });
    dataOf(await publishRequest(h, editor.token, draft.id));
    expect((await pollAll(cursor)).changes).toEqual([]);
    commit.release();
    await open.done;
    await caughtUp();
    // Both now, the open transaction's first: it began writing before the publish did.
    expect((await pollAll(cursor)).changes.map((change) => [change.articleId, change.kind])).toEqual([
      ['00000000-0000-4000-8000-0000000000c3', 'UNPUBLISHED'],
      [draft.id, 'PUBLISHED'],
    ]);
  } finally {
    commit.release();
    await open.done.catch(() => undefined);
  }
});

type Move = 'publish' | 'edit' | 'unpublish' | 'archive' | 'delete' | 'restore';
const MOVES: Move[] = ['publish', 'publish', 'edit', 'edit', 'unpublish', 'archive', 'delete', 'restore'];

/** One random editorial move on one article, as a newsroom would make it; CONFLICT (stale version, wrong state) is part of the game. */
async function randomMove(id: string, random: () => number): Promise<unknown[] | undefined> {
  const move = MOVES[Math.floor(random() * MOVES.length)];
  const token = editor.token;
  if (move === 'publish') return errorCodes(await publishRequest(h, token, id));
  if (move === 'edit') {
    const current = await h.gql<{ article: { version: number } | null }>('query($id: ID!) { article(id: $id) { version } }', { id }, { token });
    const version = current.data?.article?.version ?? 1;
    return errorCodes(await updateArticleRequest(h, token, id, { version, title: `Bản tin ${random().toString(36).slice(2, 8)}` }));
  }
  const mutation = { unpublish: 'unpublishArticle', archive: 'archiveArticle', delete: 'deleteArticle', restore: 'restoreArticle' }[move];
  return errorCodes(await moveRequest(h, token, mutation, id));
}

/** A small deterministic generator (mulberry32): a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a mirror built only from the feed, polled while concurrent writes run, equals the public article set', async () => {
  const mirror = new Set<string>();
  const apply = (changes: Change[]) => {
    for (const change of changes) {
      if (change.kind === 'UNPUBLISHED') mirror.delete(change.articleId);
      else mirror.add(change.articleId);
    }
  };
  let cursor: string | null = null;
  const catchUp = async () => {
    const polled = await pollAll(cursor);
    apply(polled.changes);
    cursor = polled.cursor;
  };
  await catchUp();

  const pool = await Promise.all(Array.from({ length: 12 }, () => createDraft(h, editor.token, { categoryId })));
  const random = seeded(12);
  const unexpected: unknown[] = [];
  let writing = true;
  const writers = Array.from({ length: 3 }, async (_, worker) => {
    for (let i = 0; i < 30; i += 1) {
      const article = pool[Math.floor(random() * pool.length)];
      const codes = await randomMove(article.id, random);
      if (codes && codes.some((code) => code !== 'CONFLICT')) unexpected.push({ worker, codes });
    }
  });
  const poller = (async () => {
    let polls = 0;
    while (writing) {
      await catchUp();
      polls += 1;
    }
    return polls;
  })();
  await Promise.all(writers);
  writing = false;
  const polls = await poller;

  expect(unexpected).toEqual([]);
  expect(polls).toBeGreaterThan(1);
  await caughtUp();
  await catchUp();
  expect([...mirror].sort()).toEqual(await publicIds());
  // The run did make public changes of every kind the moves can cause.
  const kinds = await knex()('article_change').distinct('kind').whereIn('article_id', pool.map((article) => article.id)).pluck('kind');
  expect(kinds.sort()).toEqual(['PUBLISHED', 'UNPUBLISHED', 'UPDATED']);
  // A bound for a loaded machine (90 writes over HTTP and the polls between them), not a measure.
}, 120_000);
