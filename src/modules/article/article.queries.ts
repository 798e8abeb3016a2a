import type { Knex } from '@mikro-orm/postgresql';
import { selectList } from '../../db/select-list';
import { foldVietnamese } from '../../shared/text';
import type { ArticleModel } from './article.model';

/** Columns of ArticleModel, aliased to its property names: public reads return plain rows, not entities. */
export const ARTICLE_COLUMNS: Record<string, string> = {
  id: 'a.id',
  slug: 'a.slug',
  title: 'a.title',
  excerpt: 'a.excerpt',
  body: 'a.body',
  status: 'a.status',
  publishedAt: 'a.published_at',
  updatedAt: 'a.updated_at',
  embargoedUntil: 'a.embargoed_until',
  tags: 'a.tags',
  viewCount: 'a.view_count',
  categoryId: 'a.category_id',
  authorId: 'a.author_id',
  coverImageId: 'a.cover_image_id',
  coverAlt: 'a.cover_alt',
  coverCaption: 'a.cover_caption',
  wordCount: 'a.word_count',
  version: 'a.version',
  createdAt: 'a.created_at',
  deletedAt: 'a.deleted_at',
  reviewNote: 'a.review_note',
};

export type ArticleRow = ArticleModel;

/**
 * Lists leave the body out: it is by far the widest column and list pages rarely show it.
 * Article.body falls back to a batched loader when a list query asks for it anyway.
 */
export const ARTICLE_LIST_COLUMNS: Record<string, string> = Object.fromEntries(
  Object.entries(ARTICLE_COLUMNS).filter(([property]) => property !== 'body'),
);

export const ARTICLE_LIST_SELECT_SQL = selectList(ARTICLE_LIST_COLUMNS);
export const ARTICLE_SELECT_SQL = selectList(ARTICLE_COLUMNS);

/** The stored full-text document (Article.searchDocument), which article_search_idx indexes. */
export const SEARCH_DOCUMENT = 'a.search_document';

/**
 * What RELEVANCE ranks: the same words, weighted title (A) > excerpt (B) > body (D), so a title
 * match outranks a body-only one. Only ranks rows already matched through SEARCH_DOCUMENT's index.
 */
export const RANK_DOCUMENT =
  "setweight(to_tsvector('simple'::regconfig, bulletin_unaccent(a.title)), 'A') || " +
  "setweight(to_tsvector('simple'::regconfig, bulletin_unaccent(a.excerpt)), 'B') || " +
  "setweight(to_tsvector('simple'::regconfig, bulletin_unaccent(a.body_text)), 'D')";

export const SEARCH_MAX_LENGTH = 200;

/**
 * Builds the tsquery text for a search string: words are folded like the index (no tones, đ → d),
 * all must match, the last one as a prefix so "hien ma" already finds "hiến máu".
 * Returns null when the string has no searchable word.
 */
export function searchQueryText(search: string): string | null {
  const words = foldVietnamese(search)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

export function searchTsQuery(knex: Knex, queryText: string): Knex.Raw {
  return knex.raw("to_tsquery('simple'::regconfig, ?)", [queryText]);
}

