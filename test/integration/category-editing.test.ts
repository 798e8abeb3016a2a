import { randomUUID } from 'node:crypto';
import type { Category } from '../../src/modules/category/category.entity';
import { Role, signIn } from '../helpers/accounts';
import { codeOf, dataOf, errorOf, expectBadInput } from '../helpers/expect-graphql';
import { createArticle, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

/** Category writes by an editor: create, rename, re-slug, move, delete (with articles moved). */

interface CategoryData {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  parent: { id: string } | null;
}

const FIELDS = 'id name slug description position parent { id }';
const CREATE = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCategoryInput!) { updateCategory(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!, $to: ID) { deleteCategory(id: $id, moveArticlesTo: $to) }`;

let h: Harness;
let editor: string;
beforeAll(async () => {
  h = await startHarness();
  editor = (await signIn(h, { role: Role.EDITOR })).token;
});
afterAll(() => h?.close());

const create = (input: Record<string, unknown>) => h.gql<{ createCategory: CategoryData }>(CREATE, { input }, { token: editor });
const update = (id: string, input: Record<string, unknown>) => h.gql<{ updateCategory: CategoryData }>(UPDATE, { id, input }, { token: editor });
const remove = (id: string, to?: string | null) => h.gql<{ deleteCategory: boolean }>(DELETE, { id, to }, { token: editor });
const knex = () => h.orm.em.getKnex();
const rowOf = (id: string) => knex()('category').first('name', 'slug', 'description', 'parent_id', 'position', 'updated_at').where('id', id);

describe('createCategory', () => {
  test('makes the slug from a Vietnamese name and places a new category after its siblings', async () => {
    const token = uniqueToken();
    const parent = await createCategory(h.orm.em.fork());
    await createCategory(h.orm.em.fork(), { parent, position: 4 });
    const name = `  Đời sống Hải Phòng ${token} `.normalize('NFD');
    const { createCategory: created } = dataOf(await create({ name, description: '  Tin địa phương  ', parentId: parent.id }));
    expect(created).toEqual({
      id: expect.any(String),
      name: `Đời sống Hải Phòng ${token}`.normalize('NFC'),
      slug: `doi-song-hai-phong-${token}`,
      description: 'Tin địa phương',
      position: 5,
      parent: { id: parent.id },
    });
    const { category } = dataOf(await h.gql<{ category: { children: { id: string }[] } }>(`query($id: ID) { category(id: $id) { children { id } } }`, { id: parent.id }));
    expect(category.children.map((child) => child.id)).toContain(created.id);
  });

  test('takes a given slug and position, and creates at the top level without a parent', async () => {
    const token = uniqueToken();
    const { createCategory: created } = dataOf(await create({ name: 'Thể thao', slug: `the-thao-${token}`, position: 7 }));
    expect(created).toMatchObject({ slug: `the-thao-${token}`, position: 7, parent: null, description: null });
    const { categories } = dataOf(await h.gql<{ categories: { id: string }[] }>(`{ categories { id } }`));
    expect(categories.map((c) => c.id)).toContain(created.id);
  });

  test.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a name over 120 characters', { name: 'ệ'.repeat(121) }, 'name'],
    ['a slug with spaces', { name: 'Tin', slug: 'thời sự' }, 'slug'],
    ['a slug with a double dash', { name: 'Tin', slug: 'thoi--su' }, 'slug'],
    ['a slug starting with a dash', { name: 'Tin', slug: '-thoi-su' }, 'slug'],
    ['a name that makes no slug', { name: '!!!' }, 'slug'],
    ['a malformed parentId', { name: 'Tin', parentId: 'not-an-id' }, 'parentId'],
    ['an unknown parentId', { name: 'Tin', parentId: randomUUID() }, 'parentId'],
    ['a negative position', { name: 'Tin', position: -1 }, 'position'],
  ])('refuses %s', async (_label, input, field) => {
    const before = await knex()('category').count({ n: '*' }).first();
    expectBadInput(await create(input), field);
    expect(await knex()('category').count({ n: '*' }).first()).toEqual(before);
  });

  test('accepts a name of exactly 120 characters', async () => {
    const name = `${'ệ'.repeat(111)}${uniqueToken()}`.slice(0, 120);
    expect(dataOf(await create({ name })).createCategory.name).toBe(name);
  });

  test('refuses a slug already taken, given or generated from the name, with CONFLICT on slug', async () => {
    const existing = await createCategory(h.orm.em.fork());
    for (const input of [{ name: 'Khác', slug: existing.slug }, { name: existing.name }]) {
      const error = errorOf(await create(input));
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
      expect(error.message).toContain(existing.slug);
    }
    expect(await knex()('category').where('slug', existing.slug)).toHaveLength(1);
  });
});

describe('updateCategory', () => {
  test('renames without changing the slug, then re-slugs', async () => {
    const category = await createCategory(h.orm.em.fork());
    const token = uniqueToken();
    const renamed = dataOf(await update(category.id, { name: `Kinh tế ${token}` })).updateCategory;
    expect(renamed).toMatchObject({ name: `Kinh tế ${token}`, slug: category.slug });
    const reslugged = dataOf(await update(category.id, { slug: `kinh-te-${token}` })).updateCategory;
    expect(reslugged).toMatchObject({ name: `Kinh tế ${token}`, slug: `kinh-te-${token}` });
    const found = dataOf(await h.gql<{ category: { id: string } }>(`query($s: String) { category(slug: $s) { id } }`, { s: `kinh-te-${token}` }));
    expect(found.category.id).toBe(category.id);
  });

  test('keeps its own slug, clears the description with null, changes the position', async () => {
    const category = await createCategory(h.orm.em.fork(), { description: 'Cũ' });
    const updated = dataOf(await update(category.id, { slug: category.slug, description: null, position: 3 })).updateCategory;
    expect(updated).toMatchObject({ slug: category.slug, description: null, position: 3 });
  });

  test('refuses a slug used by another category and changes nothing', async () => {
    const [category, other] = [await createCategory(h.orm.em.fork()), await createCategory(h.orm.em.fork())];
    const before = await rowOf(category.id);
    const result = await update(category.id, { name: 'Đổi tên', slug: other.slug });
    expect(errorOf(result).extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    expect(await rowOf(category.id)).toEqual(before);
  });

  test('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    expect(codeOf(await update(randomUUID(), { name: 'X' }))).toBe('NOT_FOUND');
    expectBadInput(await update('nope', { name: 'X' }), 'id');
  });

  describe('moves in the tree', () => {
    let root: Category;
    let child: Category;
    let grandchild: Category;
    let elsewhere: Category;

    beforeEach(async () => {
      const em = h.orm.em.fork();
      root = await createCategory(em);
      child = await createCategory(em, { parent: root });
      grandchild = await createCategory(em, { parent: child });
      elsewhere = await createCategory(em);
      await createCategory(em, { parent: elsewhere, position: 2 });
    });

    test('moves a category with its subtree under another parent, after the new siblings', async () => {
      const moved = dataOf(await update(child.id, { parentId: elsewhere.id })).updateCategory;
      expect(moved).toMatchObject({ parent: { id: elsewhere.id }, position: 3 });
      expect((await rowOf(grandchild.id)).parent_id).toBe(child.id);
    });

    test('moves to the top level with parentId null, and leaves the parent alone when parentId is absent', async () => {
      expect(dataOf(await update(child.id, { name: 'Giữ chỗ' })).updateCategory.parent).toEqual({ id: root.id });
      expect(dataOf(await update(child.id, { parentId: null, position: 0 })).updateCategory).toMatchObject({ parent: null, position: 0 });
    });

    test.each([
      ['onto itself', () => child.id, () => child.id],
      ['under its child', () => root.id, () => child.id],
      ['under its grandchild', () => root.id, () => grandchild.id],
    ])('refuses a move %s (a cycle) and changes nothing', async (_label, moving, target) => {
      const before = await rowOf(moving());
      const result = await update(moving(), { parentId: target(), name: 'Vòng lặp' });
      expectBadInput(result, 'parentId');
      expect(errorOf(result).message).toMatch(/under itself or one of its subcategories/);
      expect(await rowOf(moving())).toEqual(before);
    });

    test('two concurrent moves that would together make a cycle: one wins, the other is refused', async () => {
      // Hold writes to the table so both requests are in flight at once: each alone is a valid move.
      const blocker = await knex().transaction();
      await blocker.raw('lock table category in share mode');
      const pending = Promise.all([update(root.id, { parentId: elsewhere.id }), update(elsewhere.id, { parentId: grandchild.id })]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await blocker.commit();
      const results = await pending;
      expect(results.map(codeOf).sort()).toEqual(['BAD_USER_INPUT', undefined]);
      // Walk up from every node: no loop anywhere.
      const { rows } = await knex().raw(
        `with recursive up(start, id, depth) as (
           select id, parent_id, 1 from category where id in (?, ?, ?, ?)
           union all select up.start, c.parent_id, depth + 1 from up join category c on c.id = up.id where depth < 50
         ) select max(depth) as depth from up`,
        [root.id, child.id, grandchild.id, elsewhere.id],
      );
      expect(Number(rows[0].depth)).toBeLessThan(10);
    });
  });
});

describe('deleteCategory', () => {
  const articlesIn = async (categoryId: string) =>
    (await knex()('article').select('id').where('category_id', categoryId).orderBy('id')).map((row: { id: string }) => row.id);

  test('deletes an empty category', async () => {
    const category = await createCategory(h.orm.em.fork());
    expect(dataOf(await remove(category.id))).toEqual({ deleteCategory: true });
    expect(await rowOf(category.id)).toBeUndefined();
  });

  test('refuses while articles remain, counting soft-deleted ones, and says how many', async () => {
    const em = h.orm.em.fork();
    const category = await createCategory(em);
    await createArticle(em, { category });
    await createArticle(em, { category, deletedAt: new Date() });
    const result = await remove(category.id);
    expectBadInput(result, 'moveArticlesTo');
    const error = errorOf(result);
    expect(error.message).toMatch(/2 article\(s\), counting deleted ones.*moveArticlesTo/);
    expect(error.extensions).toMatchObject({ articleCount: 2, childCount: 0 });
    expect(await rowOf(category.id)).toBeDefined();
    expect(await articlesIn(category.id)).toHaveLength(2);
  });

  test('refuses while subcategories remain', async () => {
    const category = await createCategory(h.orm.em.fork());
    await createCategory(h.orm.em.fork(), { parent: category });
    const result = await remove(category.id);
    expectBadInput(result, 'moveArticlesTo');
    expect(errorOf(result).message).toMatch(/1 subcategory/);
    expect(await rowOf(category.id)).toBeDefined();
  });

  test('with moveArticlesTo, moves every article and subcategory there, then deletes, in one go', async () => {
    const em = h.orm.em.fork();
    const category = await createCategory(em);
    const target = await createCategory(em);
    await createCategory(em, { parent: target, position: 0 });
    const subcategories = [await createCategory(em, { parent: category, position: 1 }), await createCategory(em, { parent: category, position: 0 })];
    const articles = [await createArticle(em, { category }), await createArticle(em, { category, deletedAt: new Date() })];
    const versions = await knex()('article').select('id', 'version').whereIn('id', articles.map((a) => a.id));

    expect(dataOf(await remove(category.id, target.id))).toEqual({ deleteCategory: true });
    expect(await rowOf(category.id)).toBeUndefined();
    expect(await articlesIn(target.id)).toEqual(articles.map((a) => a.id).sort());
    for (const row of await knex()('article').select('id', 'version').whereIn('id', articles.map((a) => a.id))) {
      expect(row.version).toBe(versions.find((v: { id: string }) => v.id === row.id).version + 1);
    }
    // Subcategories keep their order, after the target's own children.
    const moved = await knex()('category').select('id', 'position').where('parent_id', target.id).whereIn('id', subcategories.map((c) => c.id)).orderBy('position');
    expect(moved).toEqual([
      { id: subcategories[1].id, position: 1 },
      { id: subcategories[0].id, position: 2 },
    ]);
    const page = dataOf(await h.gql<{ category: { articleCount: number } }>(`query($id: ID) { category(id: $id) { articleCount } }`, { id: target.id }));
    expect(page.category.articleCount).toBe(1); // the soft-deleted one moved too, but is not counted publicly
  });

  test.each([
    ['the category itself', (c: { self: Category }) => c.self.id],
    ['one of its subcategories', (c: { sub: Category }) => c.sub.id],
    ['an unknown category', () => randomUUID()],
    ['a malformed id', () => 'nope'],
  ])('refuses moveArticlesTo naming %s and changes nothing', async (_label, pick) => {
    const em = h.orm.em.fork();
    const self = await createCategory(em);
    const sub = await createCategory(em, { parent: self });
    const article = await createArticle(em, { category: self });
    expectBadInput(await remove(self.id, pick({ self, sub })), 'moveArticlesTo');
    expect(await rowOf(self.id)).toBeDefined();
    expect((await rowOf(sub.id)).parent_id).toBe(self.id);
    expect(await articlesIn(self.id)).toEqual([article.id]);
  });

  test('answers NOT_FOUND for an unknown category', async () => {
    expect(codeOf(await remove(randomUUID()))).toBe('NOT_FOUND');
  });
});
