import type { EntityManager } from '@mikro-orm/postgresql';
import { Category } from '../../src/modules/category/category.entity';

export interface CategoryDefinition {
  name: string;
  slug: string;
  children?: CategoryDefinition[];
}

/** The newsroom's sections. Order among siblings is the order written here. */
export const NEWS_CATEGORY_TREE: CategoryDefinition = {
  name: 'Tin tức',
  slug: 'tin-tuc',
  children: [
    { name: 'Y tế', slug: 'y-te' },
    { name: 'Xã hội', slug: 'xa-hoi' },
    { name: 'Kinh tế', slug: 'kinh-te' },
    { name: 'Giáo dục', slug: 'giao-duc' },
    { name: 'Văn hóa - Thể thao', slug: 'van-hoa-the-thao' },
    { name: 'Đô thị', slug: 'do-thi' },
    { name: 'Chuyển đổi số', slug: 'chuyen-doi-so' },
  ],
};

/** Every slug of the tree, parents first. */
export function allCategorySlugs(tree: CategoryDefinition = NEWS_CATEGORY_TREE): string[] {
  return [tree.slug, ...(tree.children ?? []).flatMap((child) => allCategorySlugs(child))];
}

interface PathStep {
  definition: CategoryDefinition;
  position: number;
}

function pathTo(slug: string, node: CategoryDefinition, position = 0): PathStep[] | null {
  if (node.slug === slug) return [{ definition: node, position }];
  for (const [index, child] of (node.children ?? []).entries()) {
    const rest = pathTo(slug, child, index);
    if (rest) return [{ definition: node, position }, ...rest];
  }
  return null;
}

/**
 * Makes sure the named categories and their ancestors exist, creating what is missing.
 * Existing rows are left as they are: editors may have renamed or moved them since.
 */
export async function ensureCategories(em: EntityManager, slugs: string[], tree = NEWS_CATEGORY_TREE): Promise<Map<string, Category>> {
  const found = new Map<string, Category>();
  const existing = await em.find(Category, { slug: { $in: allCategorySlugs(tree) } });
  for (const category of existing) found.set(category.slug, category);
  for (const slug of slugs) {
    const steps = pathTo(slug, tree);
    if (!steps) throw new Error(`Unknown seed category "${slug}"`);
    let parent: Category | null = null;
    for (const { definition, position } of steps) {
      let category = found.get(definition.slug);
      if (!category) {
        category = em.create(Category, { name: definition.name, slug: definition.slug, parent, position });
        found.set(definition.slug, category);
      }
      parent = category;
    }
  }
  return found;
}
