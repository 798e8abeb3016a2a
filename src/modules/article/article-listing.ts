import type { Knex } from '@mikro-orm/postgresql';
import { keysetPage, type KeysetKey } from '../../db/keyset';
import type { Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError } from '../../shared/errors';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { categorySubtreeIds } from '../category';
import { articleRowSplitter, joinArticleRelations, noRelations, type ArticleRelations } from './article-relations';
import { applyArticleReadFilter, applyPublishedFilter, articleStatusFilter } from './article.policy';
import { ArticleOrder, type ArticleFilter, type ArticlePageArgs } from './article.inputs';
import { ARTICLE_LIST_COLUMNS, ARTICLE_LIST_SELECT_SQL, RANK_DOCUMENT, SEARCH_DOCUMENT, SEARCH_MAX_LENGTH, searchQueryText, searchTsQuery, type ArticleRow } from './article.queries';
import type { Viewer } from '../identity';

export type ArticleEdge = Page<ArticleRow>['edges'][number];

export interface ArticlePage extends Page<ArticleRow> {
  /** The page's categories, authors and covers, fetched by the same query (for the loaders). */
  related: ArticleRelations;
  count: () => Promise<number>;
}

const LIST_PROPERTIES = Object.keys(ARTICLE_LIST_COLUMNS);

interface SortKey extends KeysetKey {
  descending: boolean;
}

/** Keyset pagination over articles: stable, index-friendly, cursors bound to their ordering. */
/** The ids of a category's subtree from an in-memory copy; undefined: not held there (the SQL subquery then). */
export interface CategorySubtrees {
  subtreeIds(slug: string): Promise<string[] | undefined>;
}

export async function listArticles(
  knex: Knex,
  cursors: CursorCodec,
  viewer: Viewer,
  args: ArticlePageArgs & { filter?: ArticleFilter | null },
  subtrees?: CategorySubtrees,
): Promise<ArticlePage> {
  const order = args.orderBy ?? ArticleOrder.PUBLISHED_AT_DESC;
  const search = normalizeSearch(args.filter?.search);
  if (order === ArticleOrder.RELEVANCE && search === null) {
    throw new BadInputError('orderBy RELEVANCE needs a non-empty filter.search', 'orderBy');
  }
  const tsQuery = search === null ? null : searchTsQuery(knex, search);
  const categorySlug = args.filter?.categorySlug == null ? null : cleanPlainText(args.filter.categorySlug).toLowerCase();
  const categoryIds = categorySlug === null ? undefined : await subtrees?.subtreeIds(categorySlug);
  const statuses = articleStatusFilter(viewer, args.filter?.status);
  const sort = sortKey(order, tsQuery, statuses !== null);
  // Cursors of a staff list (another sort expression) are not valid in a public one, nor back.
  const cursorKind = statuses === null ? order : `${order}:STAFF`;

  const base = () => {
    const qb = knex('article as a');
    // CASE: without a status filter every list is the published one (what frontends render), for
    // everyone (with embargoed articles for keys granted them); its sort on a.published_at is
    // served by article_public_feed_idx.
    if (statuses === null) applyPublishedFilter(qb, viewer);
    else applyArticleReadFilter(qb, viewer).whereIn('a.status', statuses);
    applyFilter(knex, qb, args.filter ?? {}, tsQuery, { slug: categorySlug, ids: categoryIds });
    return qb;
  };

  const related = noRelations();
  const page = await keysetPage<ArticleRow>({
    query: joinArticleRelations(base().select(knex.raw(ARTICLE_LIST_SELECT_SQL))),
    order: { kind: cursorKind, keys: [sort, { sql: 'a.id', cast: 'uuid' }], descending: sort.descending },
    cursors,
    args,
    countQuery: base,
    toNode: articleRowSplitter<ArticleRow>(LIST_PROPERTIES, related),
    prepared: true,
  });
  return { ...page, related, count: page.count as () => Promise<number> };
}

function normalizeSearch(search: string | null | undefined): string | null {
  if (search == null) return null;
  const text = cleanPlainText(search);
  if (textLength(text) > SEARCH_MAX_LENGTH) {
    throw new BadInputError(`"search" must be at most ${SEARCH_MAX_LENGTH} characters`, 'filter.search');
  }
  if (text === '') return null;
  const query = searchQueryText(text);
  if (query === null) throw new BadInputError('"search" has no word to search for', 'filter.search');
  return query;
}

/** Staff lists hold drafts, which have no publishedAt yet: they sort by creation time instead. */
function sortKey(order: ArticleOrder, tsQuery: Knex.Raw | null, staffList: boolean): SortKey {
  if (order === ArticleOrder.RELEVANCE && tsQuery) {
    return { sql: `ts_rank(${RANK_DOCUMENT}, ${tsQuery.toQuery()})::float8`, cast: 'float8', descending: true };
  }
  // Not indexed on purpose: an index on view_count would turn every view batch's update of the
  // article row into a non-HOT one (new entries in every index, the full-text one included).
  if (order === ArticleOrder.VIEWS_DESC) return { sql: 'a.view_count', cast: 'int8', descending: true };
  const sql = staffList ? 'coalesce(a.published_at, a.created_at)' : 'a.published_at';
  return { sql, cast: 'timestamptz', descending: order !== ArticleOrder.PUBLISHED_AT_ASC };
}

function applyFilter(knex: Knex, qb: Knex.QueryBuilder, filter: ArticleFilter, tsQuery: Knex.Raw | null, category: { slug: string | null; ids: string[] | undefined }): void {
  // Known ids are values the planner can count: a leaf category reads article_category_feed_idx.
  if (category.ids?.length === 1) qb.where('a.category_id', category.ids[0]);
  else if (category.ids) qb.whereRaw('a.category_id = any(?::uuid[])', [category.ids]);
  else if (category.slug !== null) qb.whereIn('a.category_id', categorySubtreeIds(knex, category.slug));
  if (filter.authorId != null) qb.where('a.author_id', assertUuid(filter.authorId, 'filter.authorId'));
  if (filter.tag != null) qb.whereRaw('a.tags @> ?::text[]', [[cleanPlainText(filter.tag)]]);
  if (filter.publishedAfter != null) qb.where('a.published_at', '>=', filter.publishedAfter);
  if (filter.publishedBefore != null) qb.where('a.published_at', '<', filter.publishedBefore);
  if (tsQuery) qb.whereRaw(`${SEARCH_DOCUMENT} @@ ?`, [tsQuery]);
}
