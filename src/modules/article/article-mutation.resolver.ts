import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { formatCount } from '../../shared/text';
import { EDITOR_ROLES, STAFF_ROLES } from '../identity';
import { EARLIEST_PUBLICATION, REVIEW_NOTE_MAX_LENGTH } from './article-workflow.service';
import { CreateArticleInput, UpdateArticleInput } from './article-write.inputs';
import { ArticleModel } from './article.model';

/** The editorial workflow. Role gate here; row and state rules in article.policy.ts, applied by the services. */
@Resolver()
export class ArticleMutationResolver {
  @Authorized(STAFF_ROLES)
  @Mutation(() => ArticleModel, { description: 'A new draft by you (version 1); the slug comes from the title' })
  createArticle(@Arg('input', () => CreateArticleInput) input: CreateArticleInput, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleEditing.create(input);
  }

  @Authorized(STAFF_ROLES)
  @Mutation(() => ArticleModel, { description: 'Editors: any article. Authors: their own drafts, without the slug' })
  updateArticle(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateArticleInput) input: UpdateArticleInput, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleEditing.update(id, input);
  }

  @Authorized(STAFF_ROLES)
  @Mutation(() => ArticleModel, { description: 'DRAFT → IN_REVIEW; by the article’s author or an editor' })
  submitArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.submit(id);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel, { description: 'IN_REVIEW → DRAFT; the note is shown to the author (Article.reviewNote)' })
  requestChanges(@Arg('id', () => ID) id: string, @Arg('note', () => String, { description: `1 to ${formatCount(REVIEW_NOTE_MAX_LENGTH)} characters` }) note: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.requestChanges(id, note);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel, {
    description: 'Live now; with a future `at`, SCHEDULED and published at that time without anyone; with a past `at`, live now and backdated',
  })
  publishArticle(
    @Arg('id', () => ID) id: string,
    @Arg('at', () => Date, {
      nullable: true,
      description:
        `Omitted: now. In the future: SCHEDULED, published then. In the past (not before ${EARLIEST_PUBLICATION.toISOString().slice(0, 10)}): published now with publishedAt = at (backdating, e.g. moving old news in), in the lists by that date`,
    })
    at: Date | null | undefined,
    @Arg('embargoedUntil', () => Date, {
      nullable: true,
      description: 'Until this time (after now and after `at`) only staff and API keys with the EMBARGOED scope see the article; it becomes public by itself then',
    })
    embargoedUntil: Date | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.publish(id, at, embargoedUntil);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel, { description: 'PUBLISHED or SCHEDULED → DRAFT' })
  unpublishArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.unpublish(id);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel, { description: '→ ARCHIVED (off the site, kept)' })
  archiveArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.archive(id);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel, { description: 'Moves the article to the trash (soft delete); restoreArticle brings it back' })
  deleteArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.delete(id);
  }

  @Authorized(EDITOR_ROLES)
  @Mutation(() => ArticleModel)
  restoreArticle(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ArticleModel> {
    return ctx.services.articleWorkflow.restore(id);
  }

  @Authorized(STAFF_ROLES)
  @Mutation(() => ArticleModel, { description: 'Brings back the content of a revision as a new change (not the slug or the status)' })
  revertArticle(
    @Arg('id', () => ID) id: string,
    @Arg('revisionId', () => ID) revisionId: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ): Promise<ArticleModel> {
    return ctx.services.articleEditing.revert(id, revisionId, version);
  }
}
