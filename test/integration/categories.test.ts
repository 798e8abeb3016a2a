import { randomUUID } from 'node:crypto';
import type { Article } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import type { User } from '../../src/modules/identity';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle, createArticles, createCategory, createUser, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let parent: Category;
let childA: Category;
let childB: Category;
let grandchild: Category;
let empty: Category;
let author: User;
const inParent: Article[] = [];
const inChildA: Article[] = [];
const inGrandchild: Article[] = [];

interface CategoryData {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  articleCount: number;
  parent: { slug: string } | null;
  children: { slug: string; position: number; articleCount: number }[];
}

const CATEGORY_FIELDS = 'id name slug description position articleCount parent { slug } children { slug position articleCount }';

beforeAll(async () => {
  h = await startHarness();
  const em = h.orm.em.fork();
  const token = uniqueToken();
  // position 900+: after any seeded top-level category.
  parent = await createCategory(em, { name: `Xã hội ${token}`, description: 'Tin xã hội', position: 900 });
  childB = await createCategory(em, { name: `B Giáo dục ${token}`, parent, position: 2 });
  childA = await createCategory(em, { name: `A Y tế ${token}`, parent, position: 1 });
  grandchild = await createCategory(em, { name: `Bệnh viện ${token}`, parent: childA });
  empty = await createCategory(em, { name: `Trống ${token}`, position: 901 });
  author = await createUser(em);
  const at = (day: number) => new Date(Date.UTC(2022, 2, day));
  inParent.push(...(await createArticles(em, 2, (i) => ({ category: parent, author, publishedAt: at(1 + i) }))));
  inChildA.push(...(await createArticles(em, 3, (i) => ({ category: childA, author, publishedAt: at(10 + i), tags: i === 0 ? ['y-te', 'covid'] : ['y-te'] }))));
  inGrandchild.push(await createArticle(em, { category: grandchild, author, publishedAt: at(20) }));
  // Not counted anywhere: hidden from the public.
  await createArticle(em, { category: childA, author, status: ArticleStatus.DRAFT });
  await createArticle(em, { category: grandchild, author, publishedAt: new Date(Date.now() + 86_400_000) });
  await createArticle(em, { category: parent, author, deletedAt: new Date() });
  await createArticle(em, { category: childB, author, status: ArticleStatus.ARCHIVED, publishedAt: at(5) });
});
afterAll(() => h?.close());

describe('categories', () => {
  test('lists top-level categories only, in position order, with their children', async () => {
    const data = dataOf(await h.gql<{ categories: CategoryData[] }>(`{ categories { ${CATEGORY_FIELDS} } }`));
    const slugs = data.categories.map((c) => c.slug);
    expect(slugs).toContain(parent.slug);
    expect(slugs).toContain(empty.slug);
    expect(slugs).not.toContain(childA.slug);
    expect(slugs).not.toContain(grandchild.slug);
    for (const category of data.categories) expect(category.parent).toBeNull();
    expect(slugs.indexOf(parent.slug)).toBeLessThan(slugs.indexOf(empty.slug));
    const positions = data.categories.map((c) => c.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const mine = data.categories.find((c) => c.slug === parent.slug);
    expect(mine).toEqual({
      id: parent.id,
      name: parent.name,
      slug: parent.slug,
      description: 'Tin xã hội',
      position: 900,
      articleCount: 6,
      parent: null,
      children: [
        { slug: childA.slug, position: 1, articleCount: 4 },
        { slug: childB.slug, position: 2, articleCount: 0 },
      ],
    });
  });

  test('walks three levels through children', async () => {
    const data = dataOf(await h.gql<{ categories: { slug: string; children: { slug: string; children: { slug: string; children: unknown[] }[] }[] }[] }>(
      '{ categories { slug children { slug children { slug children { slug } } } } }',
    ));
    const mine = data.categories.find((c) => c.slug === parent.slug);
    expect(mine?.children[0]).toEqual({ slug: childA.slug, children: [{ slug: grandchild.slug, children: [] }] });
  });
});

describe('category(...)', () => {
  test('finds a category by slug with its parent and article count', async () => {
    const data = dataOf(await h.gql<{ category: CategoryData }>(`query($slug: String!) { category(slug: $slug) { ${CATEGORY_FIELDS} } }`, { slug: childA.slug }));
    expect(data.category).toEqual({
      id: childA.id,
      name: childA.name,
      slug: childA.slug,
      description: null,
      position: 1,
      articleCount: 4, // 3 of its own + 1 in its subcategory; the draft is not counted
      parent: { slug: parent.slug },
      children: [{ slug: grandchild.slug, position: 0, articleCount: 1 }],
    });
  });

  test('finds a category by id', async () => {
    const query = 'query($id: ID!) { category(id: $id) { slug parent { slug parent { slug parent { slug } } } } }';
    const data = dataOf(await h.gql<{ category: unknown }>(query, { id: grandchild.id }));
    expect(data.category).toEqual({ slug: grandchild.slug, parent: { slug: childA.slug, parent: { slug: parent.slug, parent: null } } });
  });

  test('articleCount is 0 for an empty category and for one holding only hidden articles', async () => {
    const data = dataOf(
      await h.gql<{ empty: { articleCount: number }; hiddenOnly: { articleCount: number } }>(
        'query($a: String!, $b: String!) { empty: category(slug: $a) { articleCount } hiddenOnly: category(slug: $b) { articleCount } }',
        { a: empty.slug, b: childB.slug },
      ),
    );
    expect(data).toEqual({ empty: { articleCount: 0 }, hiddenOnly: { articleCount: 0 } });
  });

  test('its articles include those of every subcategory, newest first', async () => {
    const data = dataOf(
      await h.gql<{ category: { articles: { nodes: { id: string }[]; totalCount: number } } }>(
        'query($slug: String!) { category(slug: $slug) { articles(first: 50) { nodes { id } totalCount } } }',
        { slug: parent.slug },
      ),
    );
    const expected = [...inGrandchild, ...[...inChildA].reverse(), ...[...inParent].reverse()].map((a) => a.id);
    expect(data.category.articles.nodes.map((n) => n.id)).toEqual(expected);
    expect(data.category.articles.totalCount).toBe(6);
  });

  test('answers null for an unknown slug or id', async () => {
    const data = dataOf(await h.gql('query($id: ID!) { bySlug: category(slug: "no-such-category") { id } byId: category(id: $id) { id } }', { id: randomUUID() }));
    expect(data).toEqual({ bySlug: null, byId: null });
  });

  test('category(id: "not-a-uuid") is BAD_USER_INPUT', async () => {
    expectBadInput(await h.gql('{ category(id: "not-a-uuid") { id } }'), 'id');
  });

  test('neither or both of id and slug is BAD_USER_INPUT', async () => {
    expectBadInput(await h.gql('{ category { id } }'), 'id');
    expectBadInput(await h.gql(`{ category(id: "${parent.id}", slug: "${parent.slug}") { id } }`), 'slug');
  });

  test('a slug longer than any slug can be is BAD_USER_INPUT, as for article(slug:)', async () => {
    const query = 'query($slug: String!) { category(slug: $slug) { id } }';
    const over = await h.gql(query, { slug: 'a'.repeat(121) });
    expectBadInput(over, 'slug');
    expect(over.errors?.[0].message).toBe('"slug" must be at most 120 characters');
    expect(dataOf(await h.gql<{ category: null }>(query, { slug: 'a'.repeat(120) })).category).toBeNull();
  });
});

describe('article filters', () => {
  const list = async (filter: Record<string, unknown>) => {
    const data = dataOf(
      await h.gql<{ articles: { nodes: { id: string }[] } }>('query($filter: ArticleFilter) { articles(filter: $filter, first: 100) { nodes { id } } }', { filter }),
    );
    return data.articles.nodes.map((n) => n.id);
  };
  const sorted = (articles: Article[]) => articles.map((a) => a.id).sort();

  test('categorySlug of a parent lists its own and its subcategories’ articles', async () => {
    expect((await list({ categorySlug: parent.slug })).sort()).toEqual(sorted([...inParent, ...inChildA, ...inGrandchild]));
  });

  test('categorySlug of a leaf lists only its articles', async () => {
    expect(await list({ categorySlug: grandchild.slug })).toEqual([inGrandchild[0].id]);
  });

  test('categorySlug is matched case-insensitively', async () => {
    expect(await list({ categorySlug: grandchild.slug.toUpperCase() })).toEqual([inGrandchild[0].id]);
  });

  test('an unknown categorySlug lists nothing', async () => {
    expect(await list({ categorySlug: 'no-such-category' })).toEqual([]);
  });

  test('authorId lists that author’s published articles', async () => {
    expect((await list({ authorId: author.id })).sort()).toEqual(sorted([...inParent, ...inChildA, ...inGrandchild]));
    expect(await list({ authorId: randomUUID() })).toEqual([]);
  });

  test('tag lists articles carrying that tag', async () => {
    expect(await list({ tag: 'covid', categorySlug: parent.slug })).toEqual([inChildA[0].id]);
    expect((await list({ tag: 'y-te', categorySlug: parent.slug })).sort()).toEqual(sorted(inChildA));
  });

  test('publishedAfter is inclusive and publishedBefore exclusive', async () => {
    const day10 = new Date(Date.UTC(2022, 2, 10)).toISOString();
    const day12 = new Date(Date.UTC(2022, 2, 12)).toISOString();
    expect((await list({ categorySlug: parent.slug, publishedAfter: day10, publishedBefore: day12 })).sort()).toEqual(sorted(inChildA.slice(0, 2)));
    expect((await list({ categorySlug: parent.slug, publishedAfter: day12 })).sort()).toEqual(sorted([inChildA[2], ...inGrandchild]));
    expect((await list({ categorySlug: parent.slug, publishedBefore: day10 })).sort()).toEqual(sorted(inParent));
  });

  test('filters combine', async () => {
    const day11 = new Date(Date.UTC(2022, 2, 11)).toISOString();
    expect(await list({ categorySlug: childA.slug, authorId: author.id, tag: 'y-te', publishedAfter: day11 })).toEqual([inChildA[2].id, inChildA[1].id]);
  });
});
