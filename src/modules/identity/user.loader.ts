import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { orderByKeys } from '../../shared/ordered';
import { USER_COLUMNS, type UserModel } from './user.model';

export function createUserLoaders(knex: Knex) {
  return {
    userById: new DataLoader<string, UserModel | null>(async (ids) => {
      const rows = await knex('users as u').select(USER_COLUMNS).whereIn('u.id', ids as string[]);
      return orderByKeys(ids, rows as UserModel[], (row) => row.id);
    }),
  };
}
