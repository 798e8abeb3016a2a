import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ForbiddenError } from '../../shared/errors';
import { UserModel } from '../identity';
import { ArticleRevisionModel } from './article-revision.model';
import { ArticleModel } from './article.model';
import { canSeeEditorialHistory } from './article.policy';
import type { Plain } from '../../shared/plain';

/** The newsroom's side of an article: review note and history, for editors and the article's author. */
@Resolver(() => ArticleModel)
export class ArticleEditorialResolver {
  @Authorized()
  @FieldResolver(() => String, { nullable: true, description: 'Staff only: the editor’s request for changes; null for other authors' })
  reviewNote(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): string | null {
    return canSeeEditorialHistory(ctx.viewer, article) ? article.reviewNote : null;
  }

  @Authorized()
  @FieldResolver(() => [ArticleRevisionModel], { description: 'Editors and the article’s author: every saved change, newest first' })
  revisions(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<ArticleRevisionModel[]> {
    if (!canSeeEditorialHistory(ctx.viewer, article)) throw new ForbiddenError('Only editors and the author see the history of an article');
    return ctx.loaders.articleRevisions.load(article.id);
  }
}

@Resolver(() => ArticleRevisionModel)
export class ArticleRevisionResolver {
  @FieldResolver(() => UserModel, { nullable: true, description: 'Who made the change; null for the scheduler and the importer (action IMPORT)' })
  actor(@Root() revision: Plain<ArticleRevisionModel>, @Ctx() ctx: Context): Promise<UserModel | null> | null {
    return revision.actorId ? ctx.loaders.userById.load(revision.actorId) : null;
  }
}
