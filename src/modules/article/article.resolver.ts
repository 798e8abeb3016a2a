import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CategoryModel } from '../category/category.model';
import { MediaModel } from '../media/media.model';
import { UserModel } from '../user/user.model';
import { ArticleConnection } from './article.connection';
import { ArticleLookupArgs, ArticlesArgs } from './article.inputs';
import { ArticleModel } from './article.model';
import type { Plain } from '../../shared/plain';

const WORDS_PER_MINUTE = 200;

@Resolver(() => ArticleModel)
export class ArticleResolver {
  @Query(() => ArticleModel, {
    nullable: true,
    description:
      'By id or slug; null when missing or not visible to you. A slug an editor renamed away from still finds the article (its current slug is in the result). ' +
      'Editors also get soft-deleted articles, by id only (to restore them).',
  })
  article(@Args(() => ArticleLookupArgs) args: ArticleLookupArgs, @Ctx() ctx: Context): Promise<ArticleModel | null> {
    return ctx.services.articles.findOne(args);
  }

  @Query(() => ArticleConnection)
  async articles(@Args(() => ArticlesArgs) args: ArticlesArgs, @Ctx() ctx: Context): Promise<ArticleConnection> {
    return ArticleConnection.from(await ctx.services.articles.list(args));
  }

  @FieldResolver(() => CategoryModel)
  async category(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<CategoryModel> {
    return (await ctx.loaders.categoryById.load(article.categoryId)) as CategoryModel;
  }

  @FieldResolver(() => UserModel)
  async author(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<UserModel> {
    return (await ctx.loaders.userById.load(article.authorId)) as UserModel;
  }

  @FieldResolver(() => MediaModel, { nullable: true })
  coverImage(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<MediaModel | null> | null {
    return article.coverImageId ? ctx.loaders.mediaById.load(article.coverImageId) : null;
  }

  @FieldResolver(() => String, { description: 'Sanitized HTML' })
  body(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): string | Promise<string> {
    return article.body !== undefined ? article.body : ctx.loaders.articleBody.load(article.id);
  }

  @FieldResolver(() => Int)
  readingTimeMinutes(@Root() article: Plain<ArticleModel>): number {
    return Math.max(1, Math.ceil(article.wordCount / WORDS_PER_MINUTE));
  }
}
