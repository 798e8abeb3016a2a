import type { Knex } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { selectList } from '../../db/select-list';
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

/** [select alias, relation, property] of every joined column, computed once. */
const RELATION_COLUMNS: [string, RelationName, string][] = Object.entries(RELATIONS).flatMap(([name, relation]) =>
  Object.keys(relation.columns).map((property) => [`${name}${SEPARATOR}${property}`, name as RelationName, property] as [string, RelationName, string]),
);

/** The joins' select list as one SQL fragment, written once: knex need not quote it again on every request. */
const RELATION_SELECT_SQL = Object.entries(RELATIONS)
  .map(([name, relation]) => selectList(aliased(relation.columns, relation.alias), `${name}${SEPARATOR}`))
  .join(', ');

/** The module's column map ("c.name") re-aliased to the join's alias ("lc.name"). */
function aliased(columns: Record<string, string>, alias: string): Record<string, string> {
  return Object.fromEntries(Object.entries(columns).map(([property, column]) => [property, `${alias}.${column.split('.')[1]}`]));
}

/** Adds the joins and the prefixed relation columns ("category__name", …) to a list query. */
export function joinArticleRelations(qb: Knex.QueryBuilder): Knex.QueryBuilder {
  for (const relation of Object.values(RELATIONS)) {
    qb.leftJoin(`${relation.table} as ${relation.alias}`, `${relation.alias}.id`, relation.key);
  }
  return qb.select(qb.client.raw(RELATION_SELECT_SQL));
}

/**
 * The related rows a joined query fetched with an article, kept on the row itself under a symbol
 * (invisible to GraphQL and JSON): the relation fields answer from it synchronously, without a
 * loader round (a promise per field, sixty on a page of twenty).
 */
export const JOINED = Symbol('joined relations');

export interface JoinedRelations {
  category: CategoryModel;
  author: UserModel;
  cover: MediaModel | null;
}

/** The article's joined relations, when the query that read it joined them. */
export function joinedRelations(article: object): JoinedRelations | undefined {
  return (article as { [JOINED]?: JoinedRelations })[JOINED];
}

/**
 * Splits joined rows into the article's own columns (`ownColumns`) and its related rows, which
 * it collects into `related`. The column lists are known in advance: no per-row key scanning.
 */
export function articleRowSplitter<T extends object>(ownColumns: readonly string[], related: ArticleRelations): (row: Record<string, unknown>) => T {
  return (row) => {
    const own: Record<string, unknown> = {};
    for (const column of ownColumns) own[column] = row[column];
    const parts: Record<RelationName, Record<string, unknown>> = { category: {}, author: {}, cover: {} };
    for (const [alias, relation, property] of RELATION_COLUMNS) parts[relation][property] = row[alias];
    const joined: JoinedRelations = {
      category: parts.category as unknown as CategoryModel,
      author: parts.author as unknown as UserModel,
      cover: parts.cover.id != null ? (parts.cover as unknown as MediaModel) : null,
    };
    related.categories.push(joined.category);
    related.authors.push(joined.author);
    if (joined.cover) related.covers.push(joined.cover);
    (own as { [JOINED]?: JoinedRelations })[JOINED] = joined;
    return own as T;
  };
}

export function noRelations(): ArticleRelations {
  return { categories: [], authors: [], covers: [] };
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
