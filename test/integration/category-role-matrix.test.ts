import type { Category } from '../../src/modules/category/category.entity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectRefusedUnchanged } from '../helpers/expect-graphql';
import { createArticle, createCategory, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import type { MutationCase as RoleMatrixCase } from '../helpers/role-matrix';

/**
 * Every category mutation as anonymous, author, editor and admin: editors and admins may, the
 * others are refused with the right code, and a refusal changes nothing in the database.
 * (Categories have no owner, so there is no "author acting on someone else's row" case.)
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

interface Fixture {
  category: Category;
  target: Category;
  articleId: string;
  slug: string;
}

type MutationCase = RoleMatrixCase<Fixture>;

const categoryRow = (id: string) => knex()('category').first('*').where('id', id);
const articleCategory = async (id: string) => (await knex()('article').first('category_id').where('id', id)).category_id as string;

const MUTATIONS: Record<string, MutationCase> = {
  createCategory: {
    run: ({ slug }, token) => h.gql(`mutation($slug: String) { createCategory(input: { name: "Giáo dục", slug: $slug }) { id slug } }`, { slug }, { token }),
    snapshot: ({ slug }) => knex()('category').where('slug', slug),
    async expectApplied({ slug }, data) {
      expect(data.createCategory).toMatchObject({ slug });
      expect(await knex()('category').where('slug', slug)).toHaveLength(1);
    },
  },
  updateCategory: {
    run: ({ category, slug }, token) =>
      h.gql(`mutation($id: ID!, $slug: String) { updateCategory(id: $id, input: { name: "Đổi tên", slug: $slug, parentId: null }) { id } }`, { id: category.id, slug }, { token }),
    snapshot: ({ category }) => categoryRow(category.id),
    async expectApplied({ category, slug }) {
      expect(await categoryRow(category.id)).toMatchObject({ name: 'Đổi tên', slug, parent_id: null });
    },
  },
  deleteCategory: {
    run: ({ target }, token) => h.gql(`mutation($id: ID!) { deleteCategory(id: $id) }`, { id: target.id }, { token }),
    snapshot: ({ target }) => categoryRow(target.id),
    async expectApplied({ target }) {
      expect(await categoryRow(target.id)).toBeUndefined();
    },
  },
  'deleteCategory with moveArticlesTo': {
    run: ({ category, target }, token) => h.gql(`mutation($id: ID!, $to: ID) { deleteCategory(id: $id, moveArticlesTo: $to) }`, { id: category.id, to: target.id }, { token }),
    snapshot: async ({ category, articleId }) => ({ category: await categoryRow(category.id), articleIn: await articleCategory(articleId) }),
    async expectApplied({ category, target, articleId }) {
      expect(await categoryRow(category.id)).toBeUndefined();
      expect(await articleCategory(articleId)).toBe(target.id);
    },
  },
};

const ACTORS = [
  ['anonymous', null, 'UNAUTHENTICATED'],
  ['an author', Role.AUTHOR, 'FORBIDDEN'],
  ['an editor', Role.EDITOR, null],
  ['an admin', Role.ADMIN, null],
] as const;

const CASES = Object.keys(MUTATIONS).flatMap((mutation) => ACTORS.map(([actor, role, refusal]) => [mutation, actor, role, refusal] as const));

async function prepare(): Promise<Fixture> {
  const em = h.orm.em.fork();
  const parent = await createCategory(em);
  const category = await createCategory(em, { parent });
  const target = await createCategory(em);
  const article = await createArticle(em, { category });
  return { category, target, articleId: article.id, slug: `giao-duc-${uniqueToken()}` };
}

test.each(CASES)('%s as %s', async (mutation, _actor, role, refusal) => {
  const fixture = await prepare();
  const actor: SignedIn | null = role ? await signIn(h, { role }) : null;
  const spec = MUTATIONS[mutation];
  if (refusal) return expectRefusedUnchanged(() => spec.snapshot(fixture), () => spec.run(fixture, actor?.token), refusal);
  await spec.expectApplied(fixture, dataOf(await spec.run(fixture, actor?.token)));
});

test('covers every category mutation in the schema', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "Mutation") { fields { name } } }`));
  const categoryMutations = __type.fields.map((field) => field.name).filter((name) => /Categor/.test(name));
  expect(categoryMutations.sort()).toEqual(['createCategory', 'deleteCategory', 'updateCategory']);
});
