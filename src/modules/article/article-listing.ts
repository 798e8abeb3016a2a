import type { Knex } from '@mikro-orm/postgresql';
import { pageRequest } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError } from '../../shared/errors';
import { cleanPlainText } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { categorySubtreeIds } from '../category';
import { joinArticleRelations, splitArticleRelations, type ArticleRelations } from './article-relations';
import { applyArticleReadFilter, applyPublicFilter, articleStatusFilter } from './article.policy';
import { ArticleOrder, type ArticleFilter, type ArticlePageArgs } from './article.inputs';
import { ARTICLE_LIST_COLUMNS, RANK_DOCUMENT, SEARCH_DOCUMENT, SEARCH_MAX_LENGTH, searchQueryText, searchTsQuery, type ArticleRow } from './article.queries';
import type { Viewer } from '../identity';

export interface ArticleEdge {
  cursor: string;
  node: ArticleRow;
}

export interface ArticlePage {
  edges: ArticleEdge[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** The page's categories, authors and covers, fetched by the same query (for the loaders). */
  related: ArticleRelations;
  /** Counts every matching row; run only when a client asks for totalCount. */
  count: () => Promise<number>;
}

interface SortKey {
  /** SQL for the primary sort value. */
  expr: Knex.Raw;
  /** Cast used when the value comes back from a cursor. */
  cast: 'timestamptz' | 'float8' | 'int8';
  descending: boolean;
}

/** Keyset pagination over articles: stable, index-friendly, cursors bound to their ordering. */
export async function listArticles(
  knex: Knex,
  cursors: CursorCodec,
  viewer: Viewer,
  args: ArticlePageArgs & { filter?: ArticleFilter | null },
): Promise<ArticlePage> {
  const page = pageRequest(args);
  const order = args.orderBy ?? ArticleOrder.PUBLISHED_AT_DESC;
  const search = normalizeSearch(args.filter?.search);
  if (order === ArticleOrder.RELEVANCE && search === null) {
    throw new BadInputError('orderBy RELEVANCE needs a non-empty filter.search', 'orderBy');
  }
  const tsQuery = search === null ? null : searchTsQuery(knex, search);
  const statuses = articleStatusFilter(viewer, args.filter?.status);
  const sort = sortKey(knex, order, tsQuery, statuses !== null);
  // Cursors of a staff list (another sort expression) are not valid in a public one, nor back.
  const cursorKind = statuses === null ? order : `${order}:STAFF`;

  const base = () => {
    const qb = knex('article as a');
    // CASE: without a status filter every list is the public one (what frontends render), for
    // everyone; its sort on a.published_at is served by article_public_feed_idx.
    if (statuses === null) applyPublicFilter(qb);
    else applyArticleReadFilter(qb, viewer).whereIn('a.status', statuses);
    applyFilter(knex, qb, args.filter ?? {}, tsQuery);
    return qb;
  };

  const qb = joinArticleRelations(base().select(ARTICLE_LIST_COLUMNS).select({ sortValue: knex.raw(`(${sort.expr.toQuery()})::text`) }));
  // Walking backwards (last/before) reads the ordering reversed, then flips the page.
  const descending = sort.descending !== page.backward;
  if (page.cursor !== null) {
    const [value, id] = cursors.decode(page.cursor, cursorKind, page.cursorArg);
    if (typeof value !== 'string' || typeof id !== 'string') throw new BadInputError(`Invalid cursor in "${page.cursorArg}"`, page.cursorArg);
    assertUuid(id, page.cursorArg);
    qb.whereRaw(`(${sort.expr.toQuery()}, a.id) ${descending ? '<' : '>'} (?::${sort.cast}, ?::uuid)`, [value, id]);
  }
  const direction = descending ? 'desc' : 'asc';
  qb.orderByRaw(`${sort.expr.toQuery()} ${direction}, a.id ${direction}`).limit(page.size + 1);

  const joined = (await safeQuery(qb, sort.cast, page.cursorArg)) as Record<string, unknown>[];
  const hasMore = joined.length > page.size;
  const { nodes: rows, related } = splitArticleRelations<ArticleRow & { sortValue: string }>(joined.slice(0, page.size));
  if (page.backward) rows.reverse();

  const edges = rows.map(({ sortValue, ...node }) => ({ cursor: cursors.encode(cursorKind, [sortValue, node.id]), node }));
  return {
    edges,
    hasNextPage: page.backward ? page.cursor !== null : hasMore,
    hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
    related,
    count: async () => {
      const [{ count }] = await base().count<{ count: string }[]>({ count: '*' });
      return Number(count);
    },
  };
}

function normalizeSearch(search: string | null | undefined): string | null {
  if (search == null) return null;
  const text = cleanPlainText(search);
  if (text.length > SEARCH_MAX_LENGTH) {
    throw new BadInputError(`"search" must be at most ${SEARCH_MAX_LENGTH} characters`, 'filter.search');
  }
  if (text === '') return null;
  const query = searchQueryText(text);
  if (query === null) throw new BadInputError('"search" has no word to search for', 'filter.search');
  return query;
}

/** Staff lists hold drafts, which have no publishedAt yet: they sort by creation time instead. */
function sortKey(knex: Knex, order: ArticleOrder, tsQuery: Knex.Raw | null, staffList: boolean): SortKey {
  if (order === ArticleOrder.RELEVANCE && tsQuery) {
    return { expr: knex.raw(`ts_rank(${RANK_DOCUMENT}, ${tsQuery.toQuery()})::float8`), cast: 'float8', descending: true };
  }
  // Not indexed on purpose: an index on view_count would turn every view batch's update of the
  // article row into a non-HOT one (new entries in every index, the full-text one included).
  if (order === ArticleOrder.VIEWS_DESC) return { expr: knex.raw('a.view_count'), cast: 'int8', descending: true };
  const expr = knex.raw(staffList ? 'coalesce(a.published_at, a.created_at)' : 'a.published_at');
  return { expr, cast: 'timestamptz', descending: order !== ArticleOrder.PUBLISHED_AT_ASC };
}

function applyFilter(knex: Knex, qb: Knex.QueryBuilder, filter: ArticleFilter, tsQuery: Knex.Raw | null): void {
  if (filter.categorySlug != null) qb.whereIn('a.category_id', categorySubtreeIds(knex, cleanPlainText(filter.categorySlug).toLowerCase()));
  if (filter.authorId != null) qb.where('a.author_id', assertUuid(filter.authorId, 'filter.authorId'));
  if (filter.tag != null) qb.whereRaw('a.tags @> ?::text[]', [[cleanPlainText(filter.tag)]]);
  if (filter.publishedAfter != null) qb.where('a.published_at', '>=', filter.publishedAfter);
  if (filter.publishedBefore != null) qb.where('a.published_at', '<', filter.publishedBefore);
  if (tsQuery) qb.whereRaw(`${SEARCH_DOCUMENT} @@ ${tsQuery.toQuery()}`);
}

/** A signed cursor can still carry a value PostgreSQL rejects if the secret leaked; never a 500. */
async function safeQuery(qb: Knex.QueryBuilder, cast: string, argument: string): Promise<unknown[]> {
  try {
    return await qb;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '22007' || code === '22008' || code === '22P02') {
      throw new BadInputError(`Invalid cursor in "${argument}" (not a ${cast})`, argument);
    }
    throw error;
  }
}
