import type { Knex } from '@mikro-orm/postgresql';
import { ForbiddenError } from '../../shared/errors';
import { ApiKeyScope, hasScope, isEditor, isOwner, isSignedIn, userIdOf, type UserViewer, type Viewer } from '../identity';
import { ArticleStatus } from './article.entity';

export interface ArticleReadOptions {
  /** Editors (only) also see soft-deleted articles: they must find them to restore them. */
  includeDeleted?: boolean;
}

/**
 * Which articles exist for a viewer. Hidden ≡ not found: every read path (lookups, lists, search,
 * category pages, relations) goes through this one rule.
 */
export function applyArticleReadFilter(qb: Knex.QueryBuilder, viewer: Viewer, alias = 'a', options: ArticleReadOptions = {}): Knex.QueryBuilder {
  const editor = isEditor(viewer);
  if (!(editor && options.includeDeleted)) qb.whereNull(`${alias}.deleted_at`);
  if (editor) return qb;
  return qb.where((visible) => {
    visible.where((published) => applyPublishedFilter(published, viewer, alias));
    // CASE: authors also see their own work in every state.
    const userId = userIdOf(viewer);
    if (userId !== null) visible.orWhere(`${alias}.author_id`, userId);
  });
}

/**
 * Published, and its publication time has come: the one definition of "the public can see it", as
 * SQL over a table alias, for query builders and for hand-written statements alike. The status is
 * a literal, not a parameter, so the planner can match the partial index article_public_feed_idx.
 */
export function publicArticleCondition(alias = 'a'): string {
  return `${alias}.status = '${ArticleStatus.PUBLISHED}' and ${alias}.published_at <= now() and ${alias}.deleted_at is null and ${alias}.embargoed_until is null`;
}

export function applyPublicFilter(qb: Knex.QueryBuilder, alias = 'a'): Knex.QueryBuilder {
  return qb.whereRaw(publicArticleCondition(alias));
}

/** Published articles whether embargoed or not: what API keys with the embargoed scope read. */
function publishedArticleCondition(alias: string): string {
  return `${alias}.status = '${ArticleStatus.PUBLISHED}' and ${alias}.published_at <= now() and ${alias}.deleted_at is null`;
}

/** The published articles this viewer reads: the public ones, and for keys with the embargoed scope embargoed ones too. */
export function applyPublishedFilter(qb: Knex.QueryBuilder, viewer: Viewer, alias = 'a'): Knex.QueryBuilder {
  return canReadEmbargoed(viewer) ? qb.whereRaw(publishedArticleCondition(alias)) : applyPublicFilter(qb, alias);
}

/** Staff see everything anyway; of the others only API keys granted the embargoed scope see embargoed articles. */
export function canReadEmbargoed(viewer: Viewer): boolean {
  return hasScope(viewer, ApiKeyScope.EMBARGOED);
}

// Row and state rules for the write paths: pure functions over an article's facts, called by the
// services after the role gate (@Authorized) and before any change.

/** What the rules look at. */
export interface ArticleFacts {
  authorId: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  deletedAt: Date | null;
  /** Set while an embargo holds; the scheduler clears it when its time comes (only then is the article public). */
  embargoedUntil: Date | null;
}

/** The in-memory twin of publicArticleCondition. */
export function isPublicArticle(article: Omit<ArticleFacts, 'authorId'>, now = new Date()): boolean {
  return article.status === ArticleStatus.PUBLISHED && article.publishedAt !== null && article.publishedAt <= now && article.deletedAt === null && article.embargoedUntil === null;
}

function isOwnArticle(viewer: Viewer, article: Pick<ArticleFacts, 'authorId'>): boolean {
  return isOwner(viewer, article.authorId);
}

/** The in-memory twin of applyArticleReadFilter (with deleted rows for editors). */
export function canSeeArticle(viewer: Viewer, article: ArticleFacts, now = new Date()): boolean {
  if (isEditor(viewer)) return true;
  if (article.deletedAt !== null) return false;
  if (isOwnArticle(viewer, article)) return true;
  return isPublicArticle(canReadEmbargoed(viewer) ? { ...article, embargoedUntil: null } : article, now);
}

/** Staff create articles, always as themselves and as drafts. */
export function canCreate(viewer: Viewer): viewer is UserViewer {
  return isSignedIn(viewer);
}

/** Editors edit any article; authors only their own drafts. */
export function canEdit(viewer: Viewer, article: ArticleFacts): boolean {
  return isEditor(viewer) || (isOwnArticle(viewer, article) && article.status === ArticleStatus.DRAFT);
}

/** The URL of an article is the editors' call. */
export function canSetSlug(viewer: Viewer): boolean {
  return isEditor(viewer);
}

export function canSubmit(viewer: Viewer, article: ArticleFacts): boolean {
  return isEditor(viewer) || isOwnArticle(viewer, article);
}

/** Reverting is an edit: the same people, the same states. */
export function canRevert(viewer: Viewer, article: ArticleFacts): boolean {
  return canEdit(viewer, article);
}

/** Request changes, publish, schedule, unpublish, archive, delete, restore: editors only. */
export function canManage(viewer: Viewer): boolean {
  return isEditor(viewer);
}

/** The review note and the revision history: editors, and the article's author. */
export function canSeeEditorialHistory(viewer: Viewer, article: Pick<ArticleFacts, 'authorId'>): boolean {
  return isEditor(viewer) || isOwnArticle(viewer, article);
}

/** Workflow moves and the states they start from (for everyone; who may make them is above). */
export type WorkflowMove = 'SUBMIT' | 'REQUEST_CHANGES' | 'PUBLISH' | 'UNPUBLISH' | 'ARCHIVE';

const MOVES_FROM: Record<WorkflowMove, readonly ArticleStatus[]> = {
  SUBMIT: [ArticleStatus.DRAFT],
  REQUEST_CHANGES: [ArticleStatus.IN_REVIEW],
  // CASE: publishing a scheduled article again publishes it now or moves its time.
  PUBLISH: [ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.ARCHIVED],
  UNPUBLISH: [ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED],
  ARCHIVE: [ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED],
};

export function canMove(move: WorkflowMove, status: ArticleStatus): boolean {
  return MOVES_FROM[move].includes(status);
}

/**
 * The statuses a staff list asks for, or null for the public list (no filter, or PUBLISHED only).
 * Anything beyond published articles is for staff; which rows each sees is applyArticleReadFilter's.
 */
export function articleStatusFilter(viewer: Viewer, statuses: ArticleStatus[] | null | undefined): ArticleStatus[] | null {
  const wanted = [...new Set(statuses ?? [])];
  if (wanted.length === 0 || (wanted.length === 1 && wanted[0] === ArticleStatus.PUBLISHED)) return null;
  if (!isSignedIn(viewer)) throw new ForbiddenError('Only staff may list articles that are not published');
  return wanted;
}
