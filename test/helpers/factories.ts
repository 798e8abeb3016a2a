import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Article, ArticleStatus } from '../../src/modules/article/article.entity';
import { Category } from '../../src/modules/category/category.entity';
import { Media } from '../../src/modules/media/media.entity';
import { Role, User } from '../../src/modules/identity';
import { slugify } from '../../src/shared/slugify';

/**
 * Test factories: rows inserted through the real entities, with sensible defaults and overrides,
 * so tests never depend on what the seed happens to contain. Every default name carries a random
 * suffix: rows from different tests (and the seed) never collide.
 */

/** A short random token for distinctive names and slugs ("t3f9a1c"). */
export function uniqueToken(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

export interface CategoryOverrides {
  name?: string;
  slug?: string;
  description?: string | null;
  parent?: Category | null;
  position?: number;
}

export function buildCategory(em: EntityManager, overrides: CategoryOverrides = {}): Category {
  const name = overrides.name ?? `Category ${uniqueToken()}`;
  const category = em.create(Category, {
    name,
    slug: overrides.slug ?? slugify(name),
    description: overrides.description ?? null,
    parent: overrides.parent ?? null,
    position: overrides.position ?? 0,
  });
  em.persist(category);
  return category;
}

export async function createCategory(em: EntityManager, overrides: CategoryOverrides = {}): Promise<Category> {
  const category = buildCategory(em, overrides);
  await em.flush();
  return category;
}

export interface UserOverrides {
  email?: string;
  displayName?: string;
  slug?: string;
  role?: Role;
  passwordHash?: string;
  active?: boolean;
}

export function buildUser(em: EntityManager, overrides: UserOverrides = {}): User {
  const displayName = overrides.displayName ?? `Reporter ${uniqueToken()}`;
  const slug = overrides.slug ?? slugify(displayName);
  const user = em.create(User, {
    email: overrides.email ?? `${slug}@example.test`,
    displayName,
    slug,
    role: overrides.role ?? Role.AUTHOR,
    // Not a usable bcrypt hash: read tests never log in.
    passwordHash: overrides.passwordHash ?? '!',
    active: overrides.active ?? true,
  });
  em.persist(user);
  return user;
}

export async function createUser(em: EntityManager, overrides: UserOverrides = {}): Promise<User> {
  const user = buildUser(em, overrides);
  await em.flush();
  return user;
}

export interface MediaOverrides {
  mimeType?: string;
  bytes?: number;
  width?: number | null;
  height?: number | null;
  alt?: string | null;
  caption?: string | null;
  originalName?: string | null;
  sha256?: string;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/avif': 'avif' };

/** A media row (no bytes on disk: read tests only need the metadata). */
export function buildMedia(em: EntityManager, overrides: MediaOverrides = {}): Media {
  const sha256 = overrides.sha256 ?? createHash('sha256').update(randomBytes(16)).digest('hex');
  const mimeType = overrides.mimeType ?? 'image/jpeg';
  const media = em.create(Media, {
    storageKey: `${sha256}.${EXTENSIONS[mimeType] ?? 'jpg'}`,
    originalName: overrides.originalName ?? null,
    mimeType,
    bytes: overrides.bytes ?? 12_345,
    width: overrides.width === undefined ? 1200 : overrides.width,
    height: overrides.height === undefined ? 800 : overrides.height,
    sha256,
    alt: overrides.alt === undefined ? 'A picture' : overrides.alt,
    caption: overrides.caption === undefined ? null : overrides.caption,
  });
  em.persist(media);
  return media;
}

export async function createMedia(em: EntityManager, overrides: MediaOverrides = {}): Promise<Media> {
  const media = buildMedia(em, overrides);
  await em.flush();
  return media;
}

export interface ArticleOverrides {
  title?: string;
  slug?: string;
  excerpt?: string;
  /** HTML; bodyText and wordCount are derived from it unless given. */
  body?: string;
  bodyText?: string;
  wordCount?: number;
  status?: ArticleStatus;
  /** Defaults to an hour ago for PUBLISHED articles, null otherwise. */
  publishedAt?: Date | null;
  category?: Category;
  author?: User;
  coverImage?: Media | null;
  tags?: string[];
  viewCount?: number;
  deletedAt?: Date | null;
}

/** Strips tags and collapses white space: good enough for test bodies. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function countWords(text: string): number {
  return text === '' ? 0 : text.split(/\s+/).length;
}

/**
 * Builds (persists, does not flush) an article; a category and an author are created when not given.
 * Use with one `em.flush()` for many rows, or `createArticle` for one.
 */
export function buildArticle(em: EntityManager, overrides: ArticleOverrides = {}): Article {
  const title = overrides.title ?? `Article ${uniqueToken()}`;
  const status = overrides.status ?? ArticleStatus.PUBLISHED;
  const body = overrides.body ?? `<p>${title}.</p>`;
  const bodyText = overrides.bodyText ?? plainText(body);
  const article = em.create(Article, {
    title,
    slug: overrides.slug ?? `${slugify(title, 100)}-${uniqueToken()}`,
    excerpt: overrides.excerpt ?? '',
    body,
    bodyText,
    wordCount: overrides.wordCount ?? countWords(bodyText),
    status,
    publishedAt: overrides.publishedAt !== undefined ? overrides.publishedAt : status === ArticleStatus.PUBLISHED ? new Date(Date.now() - 3_600_000) : null,
    category: overrides.category ?? buildCategory(em),
    author: overrides.author ?? buildUser(em),
    coverImage: overrides.coverImage ?? null,
    tags: overrides.tags ?? [],
    viewCount: overrides.viewCount ?? 0,
    deletedAt: overrides.deletedAt ?? null,
  });
  em.persist(article);
  return article;
}

export async function createArticle(em: EntityManager, overrides: ArticleOverrides = {}): Promise<Article> {
  const article = buildArticle(em, overrides);
  await em.flush();
  return article;
}

/** Many articles in one flush; `overrides(i)` customizes the i-th (0-based). */
export async function createArticles(em: EntityManager, count: number, overrides: (i: number) => ArticleOverrides): Promise<Article[]> {
  const articles = Array.from({ length: count }, (_, i) => buildArticle(em, overrides(i)));
  await em.flush();
  return articles;
}

export { ArticleStatus, Role };
