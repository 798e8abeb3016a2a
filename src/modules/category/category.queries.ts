import type { Knex } from '@mikro-orm/postgresql';

/** Ids of the category with this slug and of every category below it (what its page lists). */
export function categorySubtreeIds(knex: Knex, slug: string): Knex.QueryBuilder {
  return knex
    .withRecursive('subtree', (qb) => {
      qb.select('id').from('category').where('slug', slug).unionAll((child) => {
        child.select('c.id').from('category as c').join('subtree as s', 'c.parent_id', 's.id');
      });
    })
    .select('id')
    .from('subtree');
}

/**
 * A query over `tree(root, id)`: each of the given categories with every category below it, one
 * row per (root, descendant or itself). Callers join their own tables on `tree.id`.
 */
export function categoryTrees(knex: Knex, rootIds: readonly string[]): Knex.QueryBuilder {
  return knex
    .withRecursive('tree', ['root', 'id'], (qb) => {
      qb.select('id', 'id').from('category').whereIn('id', rootIds as string[]).unionAll((child) => {
        child.select('t.root', 'c.id').from('category as c').join('tree as t', 'c.parent_id', 't.id');
      });
    })
    .from('tree');
}
