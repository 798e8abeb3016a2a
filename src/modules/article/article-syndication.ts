import type { Knex } from '@mikro-orm/postgresql';
import { categorySubtreeIds } from '../category';
import { articleRowSplitter, joinArticleRelations, joinedRelations, noRelations, type JoinedRelations } from './article-relations';
import { applyPublicFilter } from './article.policy';
import { ARTICLE_COLUMNS, ARTICLE_LIST_COLUMNS, ARTICLE_LIST_SELECT_SQL, ARTICLE_SELECT_SQL, type ArticleRow } from './article.queries';

/** A public article with what every syndication format shows of it: category, author, cover. */
export interface SyndicatedArticle extends JoinedRelations {
  article: ArticleRow;
}

export interface LatestArticlesQuery {
  limit: number;
  /** Only this category and its subcategories (by slug). */
  categorySlug?: string;
  /** Only articles published at or after this time (the news sitemap's two days). */
  publishedSince?: Date;
  /** Leave the body out (the widest column) when the document shows titles only. */
  withoutBody?: boolean;
}

const PROPERTIES = Object.keys(ARTICLE_COLUMNS);
const LIST_PROPERTIES = Object.keys(ARTICLE_LIST_COLUMNS);

function publicSelect(knex: Knex, withoutBody = false): Knex.QueryBuilder {
  return applyPublicFilter(joinArticleRelations(knex('article as a').select(knex.raw(withoutBody ? ARTICLE_LIST_SELECT_SQL : ARTICLE_SELECT_SQL))));
}

/** The driver hands timestamps over as text (MikroORM's setting); documents compute with them. */
function asDate<T extends string | Date | null>(value: T): T extends null ? null : Date {
  return (value === null ? null : new Date(value)) as T extends null ? null : Date;
}

function withRelations(rows: Record<string, unknown>[], withoutBody = false): SyndicatedArticle[] {
  const split = articleRowSplitter<ArticleRow>(withoutBody ? LIST_PROPERTIES : PROPERTIES, noRelations());
  return rows.map((row) => {
    const article = split(row);
    article.publishedAt = asDate(article.publishedAt);
    article.updatedAt = asDate(article.updatedAt);
    article.createdAt = asDate(article.createdAt);
    article.deletedAt = asDate(article.deletedAt);
    return { article, ...(joinedRelations(article) as JoinedRelations) };
  });
}

/** The latest public articles, newest first, bodies included: one statement (served by article_public_feed_idx). */
export async function latestPublicArticles(knex: Knex, query: LatestArticlesQuery): Promise<SyndicatedArticle[]> {
  const qb = publicSelect(knex, query.withoutBody).orderBy([{ column: 'a.published_at', order: 'desc' }, { column: 'a.id', order: 'desc' }]).limit(query.limit);
  if (query.categorySlug !== undefined) qb.whereIn('a.category_id', categorySubtreeIds(knex, query.categorySlug));
  if (query.publishedSince !== undefined) qb.where('a.published_at', '>=', query.publishedSince);
  return withRelations(await qb, query.withoutBody);
}

/** One article by id when the public can see it; null otherwise (drafts, scheduled, deleted: not found). */
export async function publicArticleById(knex: Knex, id: string): Promise<SyndicatedArticle | null> {
  const rows = await publicSelect(knex).where('a.id', id).limit(1);
  return withRelations(rows)[0] ?? null;
}

export interface SitemapEntry {
  id: string;
  slug: string;
  updatedAt: Date;
}

/** How many public articles there are, and when the latest of them changed (the sitemap index). */
export async function publicArticleTotals(knex: Knex): Promise<{ count: number; lastModified: Date | null }> {
  const row = (await applyPublicFilter(knex('article as a')).first(knex.raw('count(*)::int as count, max(a.updated_at) as "lastModified"'))) as { count: number; lastModified: string | null };
  return { count: row.count, lastModified: asDate(row.lastModified) };
}

/**
 * A page of public articles in publication order, oldest first: a page stays the same as new
 * articles arrive (they go on the last page), so crawlers re-read few pages.
 */
export async function publicArticlePage(knex: Knex, page: number, pageSize: number): Promise<SitemapEntry[]> {
  const rows = (await applyPublicFilter(knex('article as a'))
    .select({ id: 'a.id', slug: 'a.slug', updatedAt: 'a.updated_at' })
    .orderBy([{ column: 'a.published_at' }, { column: 'a.id' }])
    .offset((page - 1) * pageSize)
    .limit(pageSize)) as { id: string; slug: string; updatedAt: string }[];
  return rows.map((row) => ({ ...row, updatedAt: asDate(row.updatedAt) }));
}
