import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { groupByKeys, orderByKeys } from '../../shared/ordered';
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
  };
}
