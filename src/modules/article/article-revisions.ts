import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../identity';
import { ArticleRevision, type ArticleRevisionAction, type ArticleSnapshot } from './article-revision.entity';
import type { Article } from './article.entity';

/** What a change records in the article's history. */
export interface RevisionEntry {
  action: ArticleRevisionAction;
  changedFields: string[];
  note?: string | null;
}

export function snapshotOf(article: Article): ArticleSnapshot {
  return {
    title: article.title,
    slug: article.slug,
    excerpt: article.excerpt,
    body: article.body,
    categoryId: article.category.id,
    coverImageId: article.coverImage?.id ?? null,
    coverAlt: article.coverAlt,
    coverCaption: article.coverCaption,
    tags: [...article.tags],
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
  };
}

/** Queues the revision of a change just flushed: it carries the article's new version. */
export function recordRevision(em: EntityManager, article: Article, entry: RevisionEntry, actorId: string | null): ArticleRevision {
  const revision = em.create(ArticleRevision, {
    article,
    actor: actorId === null ? null : em.getReference(User, actorId),
    action: entry.action,
    changedFields: entry.changedFields,
    snapshot: snapshotOf(article),
    version: article.version,
    note: entry.note ?? null,
  });
  em.persist(revision);
  return revision;
}
