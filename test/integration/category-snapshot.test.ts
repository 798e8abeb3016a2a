import { Role, signIn } from '../helpers/accounts';
import { dataOf } from '../helpers/expect-graphql';
import { createArticle, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

const TTL_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Found = { category: { id: string; name: string } | null };
const BY_SLUG = 'query ($slug: String!) { category(slug: $slug) { id name } }';

describe(`category lookups from the in-memory copy (CATEGORY_CACHE_TTL_MS=${TTL_MS})`, () => {
  let h: Harness;
  const sql = (text: string, values: unknown[]) => h.orm.em.getConnection().execute(text, values);
  beforeAll(async () => {
    h = await startHarness({ CATEGORY_CACHE_TTL_MS: String(TTL_MS) });
  });
  afterAll(() => h?.close());

  test('a category page costs one SQL statement once the copy is loaded', async () => {
    const [{ slug }] = (await sql("select c.slug from category c join article a on a.category_id = c.id where a.status = 'PUBLISHED' limit 1", [])) as { slug: string }[];
    const page = '{ category(slug: "' + slug + '") { name articles(first: 20) { nodes { id title } } } }';
    dataOf(await h.gql(page));
    const before = h.queryCount();
    const result = dataOf<{ category: { articles: { nodes: unknown[] } } }>(await h.gql(page));
    expect(result.category.articles.nodes.length).toBeGreaterThan(0);
    expect(h.queryCount() - before).toBe(1);
  });

  test('a category created elsewhere is found at once (the copy does not hold it: the database is asked)', async () => {
    dataOf(await h.gql(BY_SLUG, { slug: 'warm-up' }));
    const slug = `moi-${uniqueToken()}`;
    await createCategory(h.orm.em.fork(), { name: 'Mới', slug });
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug })).category?.name).toBe('Mới');
  });

  test('a rename through this instance shows at once, under the new slug only', async () => {
    const editor = await signIn(h, { role: Role.EDITOR });
    const category = await createCategory(h.orm.em.fork(), { name: 'Cũ', slug: `cu-${uniqueToken()}` });
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug: category.slug })).category?.name).toBe('Cũ');
    const slug = `moi-${uniqueToken()}`;
    dataOf(await h.gql('mutation ($id: ID!, $slug: String!) { updateCategory(id: $id, input: { name: "Mới đổi", slug: $slug }) { id } }', { id: category.id, slug }, { token: editor.token }));
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug })).category?.name).toBe('Mới đổi');
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug: category.slug })).category).toBeNull();
  });

  test('a change made elsewhere shows within the TTL', async () => {
    const category = await createCategory(h.orm.em.fork(), { name: 'Trước', slug: `truoc-${uniqueToken()}` });
    await sleep(TTL_MS + 50);
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug: category.slug })).category?.name).toBe('Trước');
    await sql('update category set name = ? where id = ?', ['Sau', category.id]);
    await sleep(TTL_MS + 50);
    expect(dataOf<Found>(await h.gql(BY_SLUG, { slug: category.slug })).category?.name).toBe('Sau');
  });

  test('a category page filters on its subtree ids as values, and lists the subcategories\' articles', async () => {
    const em = h.orm.em.fork();
    const parent = await createCategory(em, { name: 'Cha', slug: `cha-${uniqueToken()}` });
    const child = await createCategory(em, { name: 'Con', slug: `con-${uniqueToken()}`, parent });
    const inParent = await createArticle(em, { title: `Ở mục cha ${uniqueToken()}`, category: parent });
    const inChild = await createArticle(em, { title: `Ở mục con ${uniqueToken()}`, category: child });
    await sleep(TTL_MS + 50);
    const texts: string[] = [];
    const listen = (query: { sql: string }) => {
      if (query.sql.includes('from "article"')) texts.push(query.sql);
    };
    const knex = h.orm.em.getKnex();
    knex.on('query', listen);
    const page = (slug: string) => h.gql<{ category: { articles: { nodes: { id: string }[] } } }>(`{ category(slug: "${slug}") { articles(first: 20) { nodes { id } } } }`);
    let parentIds: string[];
    let childIds: string[];
    try {
      parentIds = dataOf(await page(parent.slug)).category.articles.nodes.map((node) => node.id);
      childIds = dataOf(await page(child.slug)).category.articles.nodes.map((node) => node.id);
    } finally {
      knex.off('query', listen);
    }
    expect(new Set(parentIds)).toEqual(new Set([inParent.id, inChild.id]));
    expect(childIds).toEqual([inChild.id]);
    expect(texts).toHaveLength(2);
    // No recursive subquery the planner cannot estimate: a leaf is one id, a parent an array of them.
    for (const text of texts) expect(text).not.toContain('with recursive');
    expect(texts[0]).toContain('a.category_id = any(');
    expect(texts[1]).toContain('"a"."category_id" = ');
  });
});
