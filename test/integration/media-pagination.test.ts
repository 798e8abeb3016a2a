import { User } from '../../src/modules/identity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { buildMedia } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

interface Connection {
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
type Args = { first?: number; after?: string | null; last?: number; before?: string | null };

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $uploadedBy: ID) {
  mediaList(first: $first, after: $after, last: $last, before: $before, filter: { uploadedBy: $uploadedBy }) {
    edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const TOTAL = 7;
let h: Harness;
let editor: SignedIn;
let uploaderId: string;
/** The uploader's rows, newest first (the list's order). */
let newestFirst: string[];

beforeAll(async () => {
  h = await startHarness();
  editor = await signIn(h, { role: Role.EDITOR });
  uploaderId = (await signIn(h, { role: Role.AUTHOR })).user.id;
  const em = h.orm.em.fork();
  const start = Date.UTC(2022, 5, 1);
  // Inserted in shuffled order, so that insertion order cannot pass for upload time; two rows
  // share a millisecond (one is moved a microsecond below), two share the instant (the id decides).
  const order = [3, 0, 5, 1, 6, 2, 4];
  const times = [0, 1, 2, 3, 3, 4, 4].map((i) => new Date(start + i * 60_000));
  const rows = order.map((i) => {
    const media = buildMedia(em);
    media.createdAt = times[i];
    media.uploadedBy = em.getReference(User, uploaderId);
    return { media, i };
  });
  await em.flush();
  const byTime = rows.sort((a, b) => a.i - b.i).map((row) => row.media);
  await em.getConnection().execute("update media set created_at = created_at - interval '1 microsecond' where id = ?", [byTime[5].id]);
  const [, , , sameA, sameB, micro, late] = byTime;
  const tied = [sameA.id, sameB.id].sort().reverse();
  newestFirst = [late.id, micro.id, ...tied, byTime[2].id, byTime[1].id, byTime[0].id];
});
afterAll(() => h?.close());

async function list(args: Args): Promise<Connection> {
  return dataOf(await h.gql<{ mediaList: Connection }>(LIST, { ...args, uploadedBy: uploaderId }, { token: editor.token })).mediaList;
}

/** Checks the invariants every page holds, then returns its node ids. */
function idsOf(page: Connection): string[] {
  expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
  expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  return page.nodes.map((node) => node.id);
}

describe('mediaList pages like articles', () => {
  test('first/after walks forward, newest first, visiting each image once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages += 1) {
      const page = await list({ first: 2, after });
      seen.push(...idsOf(page));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(2);
      after = page.pageInfo.endCursor;
      if (pages > TOTAL) throw new Error('pagination does not end');
    }
    expect(seen).toEqual(newestFirst);
  });

  test('last/before walks backward from the oldest, visiting each image once', async () => {
    let seen: string[] = [];
    let before: string | null = null;
    for (let pages = 1; ; pages += 1) {
      const page = await list({ last: 2, before });
      seen = [...idsOf(page), ...seen];
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      expect(page.edges).toHaveLength(2);
      before = page.pageInfo.startCursor;
      if (pages > TOTAL) throw new Error('pagination does not end');
    }
    expect(seen).toEqual(newestFirst);
  });

  test('last: 2 alone is the two oldest images, in list order', async () => {
    const page = await list({ last: 2 });
    expect(idsOf(page)).toEqual(newestFirst.slice(-2));
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  test('last with before goes back to the page before, from any forward page', async () => {
    const first = await list({ first: 2 });
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(idsOf(second)).toEqual(newestFirst.slice(2, 4));
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const back = await list({ last: 2, before: second.pageInfo.startCursor });
    expect(idsOf(back)).toEqual(idsOf(first));
    expect(back.edges.map((edge) => edge.cursor)).toEqual(first.edges.map((edge) => edge.cursor));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });

    const middle = await list({ last: 3, before: (await list({ first: 5 })).pageInfo.endCursor });
    expect(idsOf(middle)).toEqual(newestFirst.slice(1, 4));
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  test('refuses first and last together, and sizes out of range, as articles does', async () => {
    const gql = (args: Args) => h.gql(LIST, { ...args, uploadedBy: uploaderId }, { token: editor.token });
    expectBadInput(await gql({ first: 2, last: 2 }), 'last');
    expectBadInput(await gql({ first: 2, before: 'x' }), 'before');
    expectBadInput(await gql({ last: 0 }), 'last');
    expectBadInput(await gql({ last: 101 }), 'last');
    expectBadInput(await gql({ first: 101 }), 'first');
    expectBadInput(await gql({ last: 2, before: 'forged' }), 'before');
  });

  test('refuses a cursor of the articles list', async () => {
    const articles = dataOf(await h.gql<{ articles: { pageInfo: { endCursor: string | null } } }>('{ articles(first: 1) { pageInfo { endCursor } } }'));
    const cursor = articles.articles.pageInfo.endCursor;
    expect(cursor).not.toBeNull();
    expectBadInput(await h.gql(LIST, { first: 2, after: cursor, uploadedBy: uploaderId }, { token: editor.token }), 'after');
  });
});
