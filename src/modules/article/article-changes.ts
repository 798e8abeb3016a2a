import { OptimisticLockError, type EntityManager, type Knex } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { userIdOf, type Viewer } from '../identity';
import { notifyArticleChange, publicFactsOf, type ArticleChangeListeners } from './article-change-events';
import { recordRevision, type RevisionEntry } from './article-revisions';
import { Article } from './article.entity';
import { canSeeArticle, type ArticleFacts } from './article.policy';
import { ARTICLE_COLUMNS, type ArticleRow } from './article.queries';

/** One change to one existing article, run by runArticleChange. */
export interface ArticleChange {
  /** Throws when this viewer may not make this change to this article in its current state. */
  authorize(article: Article): void;
  /** Throws CONFLICT when the article's state does not allow the change (after the deleted check). */
  checkState?(article: Article): void;
  /** The version the client last read (updates and reverts); checked before anything changes. */
  version?: number;
  /** Soft-deleted articles only accept this change when true (restore). */
  onDeleted?: boolean;
  /** Makes the change in memory; returns what to record, or null when nothing changed. */
  apply(article: Article, em: EntityManager): Promise<RevisionEntry | null> | RevisionEntry | null;
}

export function factsOf(article: Article): ArticleFacts {
  return { authorId: article.author.id, status: article.status, publishedAt: article.publishedAt, deletedAt: article.deletedAt, embargoedUntil: article.embargoedUntil };
}

export function staleVersion(currentVersion: number): ConflictError {
  return new ConflictError('The article was changed in the meantime; reload it and try again', { currentVersion });
}

/** The article as the API shows it, read through the same lean select as every public path. */
export async function readArticle(knex: Knex, id: string): Promise<ArticleRow> {
  const row = (await knex('article as a').first(ARTICLE_COLUMNS).where('a.id', id)) as ArticleRow | undefined;
  if (!row) throw new NotFoundError('No such article');
  return row;
}

/**
 * Loads, checks, changes and records one article in one transaction: hidden ≡ not found, then the
 * policy (FORBIDDEN), then the state and the version (CONFLICT). The UPDATE runs
 * `… WHERE version = ?` (MikroORM's optimistic lock), so of two concurrent changes from the same
 * version exactly one wins and the other is a CONFLICT; nothing of the loser is saved. The
 * listeners hear of the public change inside the same transaction.
 */
export async function runArticleChange(em: EntityManager, viewer: Viewer, id: string, change: ArticleChange, listeners: ArticleChangeListeners): Promise<ArticleRow> {
  const articleId = assertUuid(id, 'id');
  try {
    await em.transactional(async (tx) => {
      const article = await tx.findOne(Article, articleId);
      if (!article || !canSeeArticle(viewer, factsOf(article))) throw new NotFoundError('No such article');
      change.authorize(article);
      if (article.deletedAt !== null && !change.onDeleted) throw new ConflictError('The article is deleted; restore it first');
      change.checkState?.(article);
      if (change.version !== undefined && change.version !== article.version) throw staleVersion(article.version);
      const before = publicFactsOf(article);
      const entry = await change.apply(article, tx);
      if (entry === null) return;
      await tx.flush();
      recordRevision(tx, article, entry, userIdOf(viewer));
      await notifyArticleChange(listeners, tx, before, article);
    }, { clear: true });
  } catch (error) {
    if (error instanceof OptimisticLockError) throw staleVersion((await readArticle(em.getKnex(), articleId)).version);
    throw error;
  }
  return readArticle(em.getKnex(), articleId);
}
