import type { Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../../shared/errors';
import { countWords, htmlToPlainText, sanitizeArticleHtml } from '../../shared/html';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { ALT_MAX_LENGTH, CAPTION_MAX_LENGTH } from '../media';
import { EXCERPT_MAX_LENGTH, TITLE_MAX_LENGTH } from './article.entity';

export const BODY_MAX_LENGTH = 200_000;
export const TAGS_MAX = 20;
export const TAG_MAX_LENGTH = 50;

/** Content fields as given by a client (create, update) or a revision (revert); undefined = not given. */
export interface ContentInput {
  title?: string | null;
  excerpt?: string | null;
  body?: string | null;
  categoryId?: string | null;
  coverImageId?: string | null;
  coverAlt?: string | null;
  coverCaption?: string | null;
  tags?: string[] | null;
}

/** Checked and normalized content; undefined = leave as it is. */
export interface ContentPatch {
  title?: string;
  excerpt?: string;
  body?: { html: string; text: string; wordCount: number };
  categoryId?: string;
  coverImageId?: string | null;
  /** null: back to the media's own text. */
  coverAlt?: string | null;
  coverCaption?: string | null;
  tags?: string[];
}

// Control characters are never part of a title; an excerpt may keep line breaks and tabs.
// (\p{Cc}: control characters; \p{Cs}: a lone half of a surrogate pair, which is no character at all.)
const TITLE_FORBIDDEN = /\p{Cc}|\p{Cs}/u;
const EXCERPT_FORBIDDEN = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

/** NFC and trimmed; otherwise kept exactly as written (it is text, escaped by whoever renders it). */
export function cleanTitle(value: string, field = 'title'): string {
  const title = cleanPlainText(value);
  if (textLength(title) < 1 || textLength(title) > TITLE_MAX_LENGTH) throw new BadInputError(`"${field}" must be 1 to ${TITLE_MAX_LENGTH} characters`, field);
  if (TITLE_FORBIDDEN.test(title)) throw new BadInputError(`"${field}" must be plain text on one line`, field);
  return title;
}

export function cleanExcerpt(value: string, field = 'excerpt'): string {
  const excerpt = cleanPlainText(value);
  if (textLength(excerpt) > EXCERPT_MAX_LENGTH) throw new BadInputError(`"${field}" must be at most ${EXCERPT_MAX_LENGTH} characters`, field);
  if (EXCERPT_FORBIDDEN.test(excerpt)) throw new BadInputError(`"${field}" must be plain text`, field);
  return excerpt;
}

/**
 * Sanitized HTML plus the plain text and word count kept for search and reading time. The limit
 * counts the HTML as sent, before sanitizing (so a hostile body is refused before the costly
 * part), in the same unit as every other text: code points after NFC.
 */
export function cleanBody(value: string, mediaUrlPrefix?: string, field = 'body'): { html: string; text: string; wordCount: number } {
  if (textLength(value) > BODY_MAX_LENGTH) throw new BadInputError(`"${field}" must be at most ${BODY_MAX_LENGTH} characters`, field);
  const html = sanitizeArticleHtml(value, { mediaUrlPrefix });
  const text = htmlToPlainText(html);
  return { html, text, wordCount: countWords(text) };
}

export function cleanTags(values: string[], field = 'tags'): string[] {
  const tags = [...new Set(values.map((tag) => cleanPlainText(tag)))];
  if (tags.length > TAGS_MAX) throw new BadInputError(`"${field}" may hold at most ${TAGS_MAX} different tags`, field);
  for (const tag of tags) {
    if (textLength(tag) < 1 || textLength(tag) > TAG_MAX_LENGTH || TITLE_FORBIDDEN.test(tag)) {
      throw new BadInputError(`Each of "${field}" must be plain text of 1 to ${TAG_MAX_LENGTH} characters`, field);
    }
  }
  return tags;
}

/**
 * The cover's alt text or caption in this article, held to the same rules as the media's own
 * (media-fields.ts), so either can be copied to the other. Empty means none: the media's own shows.
 */
export function cleanCoverText(value: string, field: 'coverAlt' | 'coverCaption'): string | null {
  const text = cleanPlainText(value);
  const max = field === 'coverAlt' ? ALT_MAX_LENGTH : CAPTION_MAX_LENGTH;
  if (textLength(text) > max) throw new BadInputError(`"${field}" must be at most ${max} characters`, field);
  if (EXCERPT_FORBIDDEN.test(text)) throw new BadInputError(`"${field}" must be plain text`, field);
  return text === '' ? null : text;
}

async function assertRowExists(knex: Knex, table: string, value: string, field: string, what: string): Promise<string> {
  const id = assertUuid(value, field);
  const row = await knex(table).first('id').where('id', id);
  if (!row) throw new BadInputError(`No such ${what}`, field);
  return id;
}

/**
 * Checks and normalizes the given fields. Null means "not given" for every field but the cover's:
 * coverImageId null removes the cover, coverAlt/coverCaption null go back to the media's own text.
 */
export async function cleanContent(knex: Knex, input: ContentInput, mediaUrlPrefix?: string): Promise<ContentPatch> {
  const patch: ContentPatch = {};
  if (input.title != null) patch.title = cleanTitle(input.title);
  if (input.excerpt != null) patch.excerpt = cleanExcerpt(input.excerpt);
  if (input.body != null) patch.body = cleanBody(input.body, mediaUrlPrefix);
  if (input.tags != null) patch.tags = cleanTags(input.tags);
  if (input.categoryId != null) patch.categoryId = await assertRowExists(knex, 'category', input.categoryId, 'categoryId', 'category');
  if (input.coverImageId === null) patch.coverImageId = null;
  else if (input.coverImageId !== undefined) patch.coverImageId = await assertRowExists(knex, 'media', input.coverImageId, 'coverImageId', 'image');
  if (input.coverAlt !== undefined) patch.coverAlt = input.coverAlt === null ? null : cleanCoverText(input.coverAlt, 'coverAlt');
  if (input.coverCaption !== undefined) patch.coverCaption = input.coverCaption === null ? null : cleanCoverText(input.coverCaption, 'coverCaption');
  return patch;
}
