import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError, ForbiddenError } from '../../shared/errors';
import { cleanPlainText, textLength } from '../../shared/text';
import type { Viewer } from '../identity';
import type { ArticleChangeListeners } from './article-change-events';
import { factsOf, runArticleChange, type ArticleChange } from './article-changes';
import { ArticleRevisionAction } from './article-revision.entity';
import { ArticleStatus, type Article } from './article.entity';
import { canManage, canMove, canSubmit, type WorkflowMove } from './article.policy';
import type { ArticleRow } from './article.queries';

export const REVIEW_NOTE_MAX_LENGTH = 5_000;

/**
 * The earliest publication date publishArticle accepts. Backdating exists to move old news in; a
 * date before any newspaper of this country is a typo (0202 for 2022), not an archive.
 */
export const EARLIEST_PUBLICATION = new Date('1900-01-01T00:00:00.000Z');

/** An embargo must end after the moment the article goes out, or it would hold nothing back. */
function checkEmbargo(embargoedUntil: Date, at: Date | null | undefined): void {
  const from = Math.max(Date.now(), at?.getTime() ?? 0);
  if (Number.isNaN(embargoedUntil.getTime()) || embargoedUntil.getTime() <= from) {
    throw new BadInputError('"embargoedUntil" must be in the future and after "at"', 'embargoedUntil');
  }
}

/** Moves through the editorial workflow: submit, review, publish (now or at a time), unpublish, archive, trash. */
export class ArticleWorkflowService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly listeners: ArticleChangeListeners,
  ) {}

  /** DRAFT → IN_REVIEW, by the article's author or an editor. */
  submit(id: string): Promise<ArticleRow> {
    return this.change(id, 'SUBMIT', (article) => {
      if (!canSubmit(this.viewer, factsOf(article))) throw new ForbiddenError('You may not submit this article');
    }, (article) => {
      article.status = ArticleStatus.IN_REVIEW;
      return { action: ArticleRevisionAction.SUBMIT, changedFields: ['status'] };
    });
  }

  /** IN_REVIEW → DRAFT with a note for the author. */
  requestChanges(id: string, noteInput: string): Promise<ArticleRow> {
    const note = cleanPlainText(noteInput);
    if (textLength(note) < 1 || textLength(note) > REVIEW_NOTE_MAX_LENGTH) throw new BadInputError(`"note" must be 1 to ${REVIEW_NOTE_MAX_LENGTH} characters`, 'note');
    return this.change(id, 'REQUEST_CHANGES', this.editorsOnly, (article) => {
      Object.assign(article, { status: ArticleStatus.DRAFT, reviewNote: note });
      return { action: ArticleRevisionAction.REQUEST_CHANGES, changedFields: ['status', 'reviewNote'], note };
    });
  }

  /**
   * Live now; SCHEDULED when `at` is in the future (the scheduler publishes it then); backdated
   * when `at` is in the past: live now, dated `at` (a newsroom moving old news in keeps its dates).
   */
  publish(id: string, at?: Date | null, embargoedUntil?: Date | null): Promise<ArticleRow> {
    if (at != null && Number.isNaN(at.getTime())) throw new BadInputError('"at" is not a valid time', 'at');
    if (at != null && at.getTime() < EARLIEST_PUBLICATION.getTime()) {
      throw new BadInputError(`"at" must not be before ${EARLIEST_PUBLICATION.toISOString()}`, 'at');
    }
    if (embargoedUntil != null) checkEmbargo(embargoedUntil, at);
    return this.change(id, 'PUBLISH', this.editorsOnly, (article) => {
      const now = new Date();
      const later = at != null && at.getTime() > now.getTime() ? at : null;
      article.status = later ? ArticleStatus.SCHEDULED : ArticleStatus.PUBLISHED;
      article.publishedAt = at ?? now;
      // CASE: publishing again without an embargo publishes for everyone.
      article.embargoedUntil = embargoedUntil ?? null;
      // CASE: the review is over once the article goes out.
      if (!later) article.reviewNote = null;
      if (later) return { action: ArticleRevisionAction.SCHEDULE, changedFields: ['status', 'publishedAt'] };
      const note = at != null ? `Backdated to ${at.toISOString()}` : null;
      return { action: ArticleRevisionAction.PUBLISH, changedFields: ['status', 'publishedAt'], note };
    });
  }

  /** PUBLISHED or SCHEDULED → DRAFT; off the site (or off the schedule) at once. */
  unpublish(id: string): Promise<ArticleRow> {
    return this.change(id, 'UNPUBLISH', this.editorsOnly, (article) => {
      Object.assign(article, { status: ArticleStatus.DRAFT, publishedAt: null, embargoedUntil: null });
      return { action: ArticleRevisionAction.UNPUBLISH, changedFields: ['status', 'publishedAt'] };
    });
  }

  archive(id: string): Promise<ArticleRow> {
    return this.change(id, 'ARCHIVE', this.editorsOnly, (article) => {
      article.status = ArticleStatus.ARCHIVED;
      return { action: ArticleRevisionAction.ARCHIVE, changedFields: ['status'] };
    });
  }

  /** Soft delete: hidden everywhere, kept for restore (editors still find it by id). */
  delete(id: string): Promise<ArticleRow> {
    return runArticleChange(this.em, this.viewer, id, {
      authorize: this.editorsOnly,
      apply: (article) => {
        article.deletedAt = new Date();
        return { action: ArticleRevisionAction.DELETE, changedFields: ['deletedAt'] };
      },
    }, this.listeners);
  }

  restore(id: string): Promise<ArticleRow> {
    return runArticleChange(this.em, this.viewer, id, {
      onDeleted: true,
      authorize: this.editorsOnly,
      checkState: (article) => {
        if (article.deletedAt === null) throw new ConflictError('The article is not deleted');
      },
      apply: (article) => {
        article.deletedAt = null;
        return { action: ArticleRevisionAction.RESTORE, changedFields: ['deletedAt'] };
      },
    }, this.listeners);
  }

  private readonly editorsOnly = (): void => {
    if (!canManage(this.viewer)) throw new ForbiddenError();
  };

  /** A workflow move: who may (authorize), from which states (canMove), then the change itself. */
  private change(id: string, move: WorkflowMove, authorize: (article: Article) => void, apply: ArticleChange['apply']): Promise<ArticleRow> {
    return runArticleChange(this.em, this.viewer, id, {
      authorize,
      checkState: (article) => {
        if (!canMove(move, article.status)) {
          throw new ConflictError(`This cannot be done to an article in status ${article.status}`, { status: article.status });
        }
      },
      apply,
    }, this.listeners);
  }
}
