import type { Knex } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { CATEGORY_COLUMNS, type CategoryModel } from '../category';
import { MEDIA_COLUMNS, type MediaModel } from '../media';
import { USER_COLUMNS, type UserModel } from '../identity';

/**
 * A page of articles nearly always shows each article's category, author and cover. Joining them
 * into the list query (by primary key) and priming the request's loaders with them turns four
 * round trips into one; the loaders still serve any other path, so the statement count stays
 * independent of page size either way.
 */
const RELATIONS = {
  category: { table: 'category', alias: 'lc', key: 'a.category_id', columns: CATEGORY_COLUMNS },
  author: { table: 'users', alias: 'lu', key: 'a.author_id', columns: USER_COLUMNS },
  cover: { table: 'media', alias: 'lm', key: 'a.cover_image_id', columns: MEDIA_COLUMNS },
} as const;

type RelationName = keyof typeof RELATIONS;
const SEPARATOR = '__';

export interface ArticleRelations {
  categories: CategoryModel[];
  authors: UserModel[];
  covers: MediaModel[];
}

/** Adds the joins and the prefixed relation columns ("category__name", …) to a list query. */
export function joinArticleRelations(qb: Knex.QueryBuilder): Knex.QueryBuilder {
  for (const [name, relation] of Object.entries(RELATIONS)) {
    qb.leftJoin(`${relation.table} as ${relation.alias}`, `${relation.alias}.id`, relation.key);
    const columns: Record<string, string> = {};
    for (const [property, column] of Object.entries(relation.columns)) {
      columns[`${name}${SEPARATOR}${property}`] = `${relation.alias}.${column.split('.')[1]}`;
    }
    qb.select(columns);
  }
  return qb;
}

/** Splits a joined row into the article's own columns and its related rows. */
export function splitArticleRelations<T extends object>(rows: Record<string, unknown>[]): { nodes: T[]; related: ArticleRelations } {
  const related: ArticleRelations = { categories: [], authors: [], covers: [] };
  const nodes = rows.map((row) => {
    const own: Record<string, unknown> = {};
    const parts: Record<RelationName, Record<string, unknown>> = { category: {}, author: {}, cover: {} };
    for (const [key, value] of Object.entries(row)) {
      const cut = key.indexOf(SEPARATOR);
      if (cut < 0) own[key] = value;
      else parts[key.slice(0, cut) as RelationName][key.slice(cut + SEPARATOR.length)] = value;
    }
    related.categories.push(parts.category as unknown as CategoryModel);
    related.authors.push(parts.author as unknown as UserModel);
    if (parts.cover.id != null) related.covers.push(parts.cover as unknown as MediaModel);
    return own as T;
  });
  return { nodes, related };
}

/** The request's loaders the list queries prime: the article module needs these and nothing else of the registry. */
export interface RelationLoaders {
  categoryById: DataLoader<string, CategoryModel | null>;
  userById: DataLoader<string, UserModel | null>;
  mediaById: DataLoader<string, MediaModel | null>;
}

/** Seeds the request's loaders so the relation field resolvers find the rows without a query. */
export function primeArticleRelations(loaders: RelationLoaders, related: ArticleRelations): void {
  for (const row of related.categories) loaders.categoryById.prime(row.id, row);
  for (const row of related.authors) loaders.userById.prime(row.id, row);
  for (const row of related.covers) loaders.mediaById.prime(row.id, row);
}
