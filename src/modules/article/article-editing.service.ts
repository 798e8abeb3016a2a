import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../../db/pg-errors';
import type { Config } from '../../config';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { Category } from '../category';
import { Media } from '../media';
import { User, type Viewer } from '../identity';
import { knexOf } from '../../db/transaction';
import { factsOf, readArticle, runArticleChange } from './article-changes';
import { notifyArticleChange, type ArticleChangeListeners } from './article-change-events';
import { recordRevision } from './article-revisions';
import { cleanContent, type ContentInput, type ContentPatch } from './article-content';
import { ArticleRevision, ArticleRevisionAction } from './article-revision.entity';
import { cleanSlug, freeArticleSlug, renameArticleSlug } from './article-slugs';
import { Article, ArticleStatus } from './article.entity';
import { canCreate, canEdit, canRevert, canSetSlug } from './article.policy';
import type { ArticleRow } from './article.queries';
import type { CreateArticleInput, UpdateArticleInput } from './article-write.inputs';

/** A new article's revision lists every content field: they all came into being. */
const CREATED_FIELDS = ['title', 'slug', 'excerpt', 'body', 'categoryId', 'coverImageId', 'coverAlt', 'coverCaption', 'tags', 'status'];

/** A new slug can still collide with an editor's rename made meanwhile: then pick the next free one. */
const CREATE_ATTEMPTS = 3;

/** Writing an article's content: create, update, revert. Workflow moves live in ArticleWorkflowService. */
export class ArticleEditingService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly config: Config,
    private readonly listeners: ArticleChangeListeners,
  ) {}

  async create(input: CreateArticleInput): Promise<ArticleRow> {
    const viewer = this.viewer;
    if (!canCreate(viewer)) throw new UnauthenticatedError();
    const content = await this.clean(input);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const id = await this.em.transactional(async (tx) => {
          const article = tx.create(Article, {
            title: content.title as string,
            slug: await freeArticleSlug(knexOf(tx), content.title as string),
            author: tx.getReference(User, viewer.id),
            status: ArticleStatus.DRAFT,
            category: tx.getReference(Category, content.categoryId as string),
          });
          applyContent(tx, article, content);
          recordRevision(tx, article, { action: ArticleRevisionAction.CREATE, changedFields: CREATED_FIELDS }, viewer.id);
          await tx.flush();
          // A draft is nobody's business yet, but the rule of what is public is decided in one place.
          await notifyArticleChange(this.listeners, tx, null, article);
          return article.id;
        }, { clear: true });
        return await readArticle(this.em.getKnex(), id);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  async update(id: string, input: UpdateArticleInput): Promise<ArticleRow> {
    const content = await this.clean(input);
    const slug = input.slug == null ? undefined : cleanSlug(input.slug);
    return runArticleChange(this.em, this.viewer, id, {
      version: input.version,
      authorize: (article) => {
        if (!canEdit(this.viewer, factsOf(article))) throw new ForbiddenError('You may not edit this article');
        if (slug !== undefined && !canSetSlug(this.viewer)) throw new ForbiddenError('Only editors may change the slug');
      },
      apply: async (article, tx) => {
        const changedFields = applyContent(tx, article, content);
        if (slug !== undefined && slug !== article.slug) {
          await renameArticleSlug(tx, article, slug);
          changedFields.push('slug');
        }
        return changedFields.length === 0 ? null : { action: ArticleRevisionAction.UPDATE, changedFields };
      },
    }, this.listeners);
  }

  /** Restores the content of an earlier revision as a new change (the slug and the workflow state stay). */
  async revert(id: string, revisionId: string, version: number): Promise<ArticleRow> {
    const wanted = assertUuid(revisionId, 'revisionId');
    return runArticleChange(this.em, this.viewer, id, {
      version,
      authorize: (article) => {
        if (!canRevert(this.viewer, factsOf(article))) throw new ForbiddenError('You may not edit this article');
      },
      apply: async (article, tx) => {
        const revision = await tx.findOne(ArticleRevision, { id: wanted, article: article.id });
        if (!revision) throw new NotFoundError('No such revision of this article');
        const { snapshot } = revision;
        const coverExists = snapshot.coverImageId !== null && (await knexOf(tx)('media').first('id').where('id', snapshot.coverImageId));
        // CASE: the cover image was deleted since; the rest of the content still comes back.
        const content = await this.clean(
          coverExists ? snapshot : { ...snapshot, coverImageId: null, coverAlt: null, coverCaption: null },
        );
        const changedFields = applyContent(tx, article, content);
        const note = `Reverted to version ${revision.version}`;
        return changedFields.length === 0 ? null : { action: ArticleRevisionAction.REVERT, changedFields, note };
      },
    }, this.listeners);
  }

  private clean(input: ContentInput): Promise<ContentPatch> {
    return cleanContent(this.em.getKnex(), input, `${this.config.publicUrl}/media/`);
  }
}

/** Applies the given content fields; returns the names of those that really changed. */
function applyContent(em: EntityManager, article: Article, content: ContentPatch): string[] {
  const changed: string[] = [];
  const set = <K extends 'title' | 'excerpt' | 'tags' | 'coverAlt' | 'coverCaption'>(key: K, value: Article[K] | undefined) => {
    if (value === undefined || JSON.stringify(article[key]) === JSON.stringify(value)) return;
    article[key] = value;
    changed.push(key);
  };
  set('title', content.title);
  set('excerpt', content.excerpt);
  set('tags', content.tags);
  if (content.body !== undefined && content.body.html !== article.body) {
    Object.assign(article, { body: content.body.html, bodyText: content.body.text, wordCount: content.body.wordCount });
    changed.push('body');
  }
  if (content.categoryId !== undefined && content.categoryId !== article.category.id) {
    article.category = em.getReference(Category, content.categoryId);
    changed.push('categoryId');
  }
  let { coverAlt, coverCaption } = content;
  if (content.coverImageId !== undefined && content.coverImageId !== (article.coverImage?.id ?? null)) {
    article.coverImage = content.coverImageId === null ? null : em.getReference(Media, content.coverImageId);
    changed.push('coverImageId');
    // CASE: the old cover's alt and caption described the old image; the new one starts from its own.
    coverAlt = coverAlt === undefined ? null : coverAlt;
    coverCaption = coverCaption === undefined ? null : coverCaption;
  }
  set('coverAlt', coverAlt);
  set('coverCaption', coverCaption);
  return changed;
}
