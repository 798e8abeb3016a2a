import type { Knex } from '@mikro-orm/postgresql';
import { createCategoryLoaders } from '../modules/category/category.loader';
import { createMediaLoaders } from '../modules/media/media.loader';
import { createUserLoaders } from '../modules/user/user.loader';

/** Fresh per request: batching and caching never cross requests (or viewers). */
export function createLoaders(knex: Knex) {
  return {
    ...createCategoryLoaders(knex),
    ...createMediaLoaders(knex),
    ...createUserLoaders(knex),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
