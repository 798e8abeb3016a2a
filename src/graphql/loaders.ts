import type { Knex } from '@mikro-orm/postgresql';
import { createAdLoaders } from '../modules/ad';
import { createArticleLoaders } from '../modules/article/article.loader';
import { createCategoryLoaders } from '../modules/category/category.loader';
import { createMediaLoaders } from '../modules/media/media.loader';
import { createUserLoaders } from '../modules/identity';
import { createViewLoaders } from '../modules/view/view.loader';

/** Fresh per request: batching and caching never cross requests (or viewers). */
export function createLoaders(knex: Knex) {
  return {
    ...createAdLoaders(knex),
    ...createArticleLoaders(knex),
    ...createCategoryLoaders(knex),
    ...createMediaLoaders(knex),
    ...createUserLoaders(knex),
    ...createViewLoaders(knex),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
