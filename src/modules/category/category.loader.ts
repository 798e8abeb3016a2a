import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKeys, orderByKeys } from '../../shared/ordered';
import { applyPublicFilter } from '../article/article.policy';
import { CATEGORY_COLUMNS, type CategoryModel } from './category.model';

export function createCategoryLoaders(knex: Knex) {
  return {
    categoryById: new DataLoader<string, CategoryModel | null>(async (ids) => {
      const rows = await knex('category as c').select(CATEGORY_COLUMNS).whereIn('c.id', ids as string[]);
      return orderByKeys(ids, rows as CategoryModel[], (row) => row.id);
    }),

    categoryChildren: new DataLoader<string, CategoryModel[]>(async (ids) => {
      const rows = await knex('category as c')
        .select(CATEGORY_COLUMNS)
        .whereIn('c.parent_id', ids as string[])
        .orderBy([{ column: 'c.position' }, { column: 'c.name' }]);
      return groupByKeys(ids, rows as CategoryModel[], (row) => row.parentId as string);
    }),

    /** Published articles in each category's subtree (what its category page lists). */
    categoryArticleCount: new DataLoader<string, number>(async (ids) => {
      const rows: { root: string; count: string }[] = await knex
        .withRecursive('tree', ['root', 'id'], (qb) => {
          qb.select('id', 'id').from('category').whereIn('id', ids as string[]).unionAll((child) => {
            child.select('t.root', 'c.id').from('category as c').join('tree as t', 'c.parent_id', 't.id');
          });
        })
        .select('tree.root')
        .count({ count: 'a.id' })
        .from('tree')
        .leftJoin('article as a', (join) => {
          join.on('a.category_id', 'tree.id');
        })
        .where((qb) => {
          qb.whereNull('a.id').orWhere((published) => applyPublicFilter(published, 'a'));
        })
        .groupBy('tree.root');
      const counts = new Map(rows.map((row) => [row.root, Number(row.count)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
