import { randomUUID } from 'node:crypto';
import type { Category } from '../../src/modules/category/category.entity';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { createArticles, createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/** Bad input is a clean BAD_USER_INPUT naming the argument, never a 500. */

let h: Harness;
let category: Category;
const cursors: { desc: string[]; asc: string[] } = { desc: [], asc: [] };

const PAGE = `query($slug: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
  articles(filter: { categorySlug: $slug }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    edges { cursor node { id } }
  }
}`;

beforeAll(async () => {
  h = await startHarness();
  const em = h.orm.em.fork();
  category = await createCategory(em);
  await createArticles(em, 3, (i) => ({ category, publishedAt: new Date(Date.UTC(2023, 0, 1 + i)) }));
  for (const [key, orderBy] of [['desc', 'PUBLISHED_AT_DESC'], ['asc', 'PUBLISHED_AT_ASC']] as const) {
    const data = dataOf(await h.gql<{ articles: { edges: { cursor: string }[] } }>(PAGE, { slug: category.slug, first: 3, orderBy }));
    cursors[key] = data.articles.edges.map((edge) => edge.cursor);
  }
});
afterAll(() => h?.close());

const page = (variables: Record<string, unknown>) => h.gql(PAGE, { slug: category.slug, ...variables });

/** Changes one character in the middle of `part` (0 = payload, 1 = signature) of a cursor. */
function tamper(cursor: string, part: 0 | 1): string {
  const pieces = cursor.split('.');
  const target = pieces[part];
  const at = Math.floor(target.length / 2);
  pieces[part] = target.slice(0, at) + (target[at] === 'A' ? 'B' : 'A') + target.slice(at + 1);
  return pieces.join('.');
}

test('the fixture gives real, valid cursors', async () => {
  expect(cursors.desc).toHaveLength(3);
  expect(cursors.asc).toHaveLength(3);
  const data = dataOf(await page({ first: 1, after: cursors.desc[0] }));
  expect(data).toEqual({ articles: { edges: [{ cursor: cursors.desc[1], node: expect.any(Object) }] } });
});

describe('article(...) lookups', () => {
  test('a malformed UUID in article(id:)', async () => {
    expectBadInput(await h.gql('{ article(id: "not-a-uuid") { id } }'), 'id');
  });

  test("a UUID-looking id with SQL in it", async () => {
    expectBadInput(await h.gql(`{ article(id: "${randomUUID()}' or 1=1 --") { id } }`), 'id');
  });

  test('neither id nor slug', async () => {
    expectBadInput(await h.gql('{ article { id } }'), 'id');
  });

  test('both id and slug', async () => {
    expectBadInput(await h.gql(`{ article(id: "${randomUUID()}", slug: "x") { id } }`), 'slug');
  });

  test('an absurdly long slug', async () => {
    expectBadInput(await h.gql('query($slug: String!) { article(slug: $slug) { id } }', { slug: 'a'.repeat(10_000) }), 'slug');
  });

  test('the slug limit the message states is the one applied (120)', async () => {
    const over = await h.gql('query($slug: String!) { article(slug: $slug) { id } }', { slug: 'a'.repeat(121) });
    expectBadInput(over, 'slug');
    expect(over.errors?.[0].message).toBe('"slug" must be at most 120 characters');
    expect(dataOf(await h.gql<{ article: null }>('query($slug: String!) { article(slug: $slug) { id } }', { slug: 'a'.repeat(120) })).article).toBeNull();
  });
});

describe('page sizes and directions', () => {
  test.each([
    ['first: 101', { first: 101 }, 'first'],
    ['first: 0', { first: 0 }, 'first'],
    ['first: -5', { first: -5 }, 'first'],
    ['last: -1', { last: -1 }, 'last'],
    ['last: 101', { last: 101 }, 'last'],
  ])('%s', async (_name, variables, field) => {
    expectBadInput(await page(variables), field);
  });

  test('first together with before', async () => {
    expectBadInput(await page({ first: 2, before: cursors.desc[2] }), 'before');
  });

  test('last together with after', async () => {
    expectBadInput(await page({ last: 2, after: cursors.desc[0] }), 'last');
  });

  test('first: 100 and last: 1 are accepted (the bounds)', async () => {
    expect((await page({ first: 100 })).errors).toBeUndefined();
    expect((await page({ last: 1 })).errors).toBeUndefined();
  });
});

describe('cursors', () => {
  test('a forged cursor (random base64)', async () => {
    expectBadInput(await page({ first: 2, after: Buffer.from('give me everything').toString('base64') }), 'after');
  });

  test('a forged cursor with a well-formed payload and a made-up signature', async () => {
    const payload = Buffer.from(JSON.stringify(['PUBLISHED_AT_DESC', '2099-01-01 00:00:00+00', randomUUID()])).toString('base64url');
    expectBadInput(await page({ first: 2, after: `${payload}.${'x'.repeat(22)}` }), 'after');
  });

  test('a forged cursor whose payload is not even a timestamp', async () => {
    const payload = Buffer.from(JSON.stringify(['PUBLISHED_AT_DESC', "'; drop table article; --", 'x'])).toString('base64url');
    expectBadInput(await page({ first: 2, after: `${payload}.AAAAAAAAAAAAAAAAAAAAAA` }), 'after');
  });

  test('a real cursor with one payload character flipped', async () => {
    const forged = tamper(cursors.desc[1], 0);
    expect(forged).not.toBe(cursors.desc[1]);
    expectBadInput(await page({ first: 2, after: forged }), 'after');
  });

  test('a real cursor with one signature character flipped', async () => {
    const forged = tamper(cursors.desc[1], 1);
    expect(forged).not.toBe(cursors.desc[1]);
    expectBadInput(await page({ first: 2, after: forged }), 'after');
  });

  test('a tampered cursor in before', async () => {
    expectBadInput(await page({ last: 2, before: tamper(cursors.desc[1], 0) }), 'before');
  });

  test('a cursor from another ordering (PUBLISHED_AT_ASC cursor with the default order)', async () => {
    const result = await page({ first: 2, after: cursors.asc[0] });
    expectBadInput(result, 'after');
    expect(result.errors?.[0].message).toMatch(/another ordering/);
  });

  test('a cursor from the default ordering used with PUBLISHED_AT_ASC', async () => {
    expectBadInput(await page({ first: 2, after: cursors.desc[0], orderBy: 'PUBLISHED_AT_ASC' }), 'after');
  });

  test('a date-ordered cursor used with RELEVANCE', async () => {
    const result = await h.gql('query($after: String!) { articles(filter: { search: "tin" }, orderBy: RELEVANCE, after: $after) { nodes { id } } }', { after: cursors.desc[0] });
    expectBadInput(result, 'after');
  });

  test('an overlong cursor', async () => {
    expectBadInput(await page({ first: 2, after: `${'a'.repeat(5000)}.${'b'.repeat(22)}` }), 'after');
  });

  test('an empty cursor', async () => {
    expectBadInput(await page({ first: 2, after: '' }), 'after');
  });
});

describe('filters and search', () => {
  test('a 10 KB search string', async () => {
    const result = await h.gql('query($search: String!) { articles(filter: { search: $search }) { nodes { id } } }', { search: 'hiến máu '.repeat(1200) });
    expectBadInput(result, 'filter.search');
  });

  test('a search string with no word in it', async () => {
    expectBadInput(await h.gql('{ articles(filter: { search: "&|!:*()" }) { nodes { id } } }'), 'filter.search');
  });

  test('tsquery syntax in a search string is searched for, not executed', async () => {
    const result = await h.gql(`{ articles(filter: { search: "hien & | ! ( mau:* <-> '" }) { nodes { id } } }`);
    expect(result.errors).toBeUndefined();
  });

  test('RELEVANCE without search', async () => {
    expectBadInput(await h.gql('{ articles(orderBy: RELEVANCE) { nodes { id } } }'), 'orderBy');
  });

  test('RELEVANCE with an empty search', async () => {
    expectBadInput(await h.gql('{ articles(orderBy: RELEVANCE, filter: { search: "   " }) { nodes { id } } }'), 'orderBy');
  });

  test('RELEVANCE on a category page (which has no search argument)', async () => {
    const result = await h.gql('query($slug: String!) { category(slug: $slug) { articles(orderBy: RELEVANCE) { nodes { id } } } }', { slug: category.slug });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy' });
  });

  test('a malformed authorId', async () => {
    expectBadInput(await h.gql('{ articles(filter: { authorId: "42" }) { nodes { id } } }'), 'filter.authorId');
  });

  test('an invalid date in publishedAfter is a validation error, not a 500', async () => {
    const result = await h.gql('{ articles(filter: { publishedAfter: "yesterday" }) { nodes { id } } }');
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0].extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
  });
});
