import type { EntityManager } from '@mikro-orm/postgresql';
import { cacheTags } from '../../shared/cache-hint';
import type { Article } from './article.entity';
import { isPublicArticle } from './article.policy';

/**
 * How a write changed what the public sees of an article:
 * - PUBLISHED: it became public (published now, a scheduled time came, restored, unarchived);
 * - UPDATED: it changed while public, and stays public;
 * - UNPUBLISHED: it left the public (unpublished, archived, deleted): a tombstone;
 * - EMBARGO_LIFTED: it became public because its embargo ended.
 */
export type ArticleChangeKind = 'PUBLISHED' | 'UPDATED' | 'UNPUBLISHED' | 'EMBARGO_LIFTED';

export interface ArticleChangeEvent {
  articleId: string;
  kind: ArticleChangeKind;
  at: Date;
  /** The cache tags (shared/cache-hint.ts) whose content the change altered. */
  tags: string[];
}

/**
 * Called inside the transaction of the article write, after the row is flushed: what a listener
 * writes with `tx` commits or rolls back with the change itself (a change log, an outbox).
 */
export type ArticleChangeListener = (tx: EntityManager, event: ArticleChangeEvent) => Promise<void>;

/** The listeners of one app, registered by the wiring; the article module knows none of them. */
export class ArticleChangeListeners {
  private readonly listeners: ArticleChangeListener[] = [];

  register(listener: ArticleChangeListener): this {
    this.listeners.push(listener);
    return this;
  }

  async notify(tx: EntityManager, event: ArticleChangeEvent): Promise<void> {
    for (const listener of this.listeners) await listener(tx, event);
  }
}

/** What public visibility depends on, taken before a write and compared with the row after it. */
export interface PublicFacts {
  isPublic: boolean;
  /** Public but for its embargo: lifting the embargo alone makes it public. */
  isPublicButEmbargoed: boolean;
  categoryId: string;
}

export function publicFactsOf(article: Article, now = new Date()): PublicFacts {
  const facts = { status: article.status, publishedAt: article.publishedAt, deletedAt: article.deletedAt, embargoedUntil: article.embargoedUntil };
  return {
    isPublic: isPublicArticle(facts, now),
    isPublicButEmbargoed: article.embargoedUntil !== null && isPublicArticle({ ...facts, embargoedUntil: null }, now),
    categoryId: article.category.id,
  };
}

/** The public change from `before` (null: the article did not exist) to the row as it is now, or null for none. */
export function publicChangeOf(before: PublicFacts | null, article: Article, now = new Date()): ArticleChangeEvent | null {
  const after = publicFactsOf(article, now);
  const wasPublic = before?.isPublic ?? false;
  let kind: ArticleChangeKind;
  if (wasPublic && after.isPublic) kind = 'UPDATED';
  else if (wasPublic) kind = 'UNPUBLISHED';
  else if (after.isPublic) kind = before?.isPublicButEmbargoed ? 'EMBARGO_LIFTED' : 'PUBLISHED';
  else return null;
  const categories = new Set([before?.categoryId, after.categoryId].filter((id) => id !== undefined));
  return {
    articleId: article.id,
    kind,
    at: now,
    tags: [cacheTags.article(article.id), ...[...categories].map(cacheTags.category), cacheTags.articleList],
  };
}

/**
 * The one place every article write reports to: given the facts before the write (null for a new
 * article) and the flushed row, tells the listeners what changed for the public, in `tx`.
 */
export async function notifyArticleChange(listeners: ArticleChangeListeners, tx: EntityManager, before: PublicFacts | null, article: Article): Promise<void> {
  const event = publicChangeOf(before, article);
  if (event) await listeners.notify(tx, event);
}
