import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError } from '../../shared/errors';
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '../../shared/slugify';
import { cleanPlainText, textLength } from '../../shared/text';
import { ArticleSlug } from './article-slug.entity';
import type { Article } from './article.entity';
import { freeSlug } from '../../db/free-slug';
import { knexOf } from '../../db/transaction';

/** For a title with no letter or digit at all ("!!!"). */
const FALLBACK_SLUG = 'bai-viet';

/** Slugs in use: current ones, and old ones kept so their URLs still resolve. */
function takenSlugs(knex: Knex, base: string): Knex.QueryBuilder {
  const like = `${base}-%`;
  return knex
    .select('slug')
    .from('article')
    .where('slug', base)
    .orWhere('slug', 'like', like)
    .union((qb) => qb.select('slug').from('article_slug').where('slug', base).orWhere('slug', 'like', like));
}

/**
 * "Hiến máu nhân đạo" → hien-mau-nhan-dao, then hien-mau-nhan-dao-2, -3 … when taken (also by an old
 * slug). Call it inside the transaction that inserts the article: creators of the same base slug wait
 * for each other there (until commit), so two of them never pick the same free slug.
 */
export function freeArticleSlug(knex: Knex, title: string): Promise<string> {
  // Leave room for a "-NNN" suffix within SLUG_MAX_LENGTH.
  return freeSlug(knex, 'article', slugify(title, SLUG_MAX_LENGTH - 6) || FALLBACK_SLUG, takenSlugs);
}

/** An editor's slug: lower-case letters, digits and single dashes. */
export function cleanSlug(value: string, field = 'slug'): string {
  const slug = cleanPlainText(value).toLowerCase();
  if (textLength(slug) > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) {
    throw new BadInputError(`"${field}" must be 1 to ${SLUG_MAX_LENGTH} lower-case letters, digits and single dashes`, field);
  }
  return slug;
}

/**
 * Renames an article's slug inside the caller's transaction. The old slug goes to the history; a
 * slug another article uses (now or before) is refused; taking back one of its own old slugs is fine.
 */
export async function renameArticleSlug(em: EntityManager, article: Article, slug: string): Promise<void> {
  const knex = knexOf(em);
  const current = await knex('article').first('id').where('slug', slug).whereNot('id', article.id);
  const old = await knex('article_slug').first('article_id as articleId').where('slug', slug);
  if (current || (old && old.articleId !== article.id)) {
    throw new ConflictError('This slug is taken by another article', { field: 'slug' });
  }
  if (old) await em.nativeDelete(ArticleSlug, { slug });
  em.persist(em.create(ArticleSlug, { slug: article.slug, article }));
  article.slug = slug;
}
