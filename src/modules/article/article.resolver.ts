import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { CategoryModel } from '../category';
import { MediaModel } from '../media';
import { UserModel } from '../identity';
import { ArticleConnection } from './article.connection';
import { ArticleLookupArgs, ArticlesArgs } from './article.inputs';
import { ArticleModel } from './article.model';
import { joinedRelations } from './article-relations';
import type { Plain } from '../../shared/plain';
import { cacheTags, tagResponse } from '../../shared/cache-hint';
import { tagArticle, tagArticleList } from './article-cache-tags';

const WORDS_PER_MINUTE = 200;

@Resolver(() => ArticleModel)
export class ArticleResolver {
  @Query(() => ArticleModel, {
    nullable: true,
    description:
      'By id or slug; null when missing or not visible to you. A slug an editor renamed away from still finds the article (its current slug is in the result). ' +
      'Editors also get soft-deleted articles, by id only (to restore them).',
  })
  async article(@Args(() => ArticleLookupArgs) args: ArticleLookupArgs, @Ctx() ctx: Context): Promise<ArticleModel | null> {
    return tagArticle(ctx.cacheHint, await ctx.services.articles.findOne(args));
  }

  @Query(() => ArticleConnection)
  async articles(@Args(() => ArticlesArgs) args: ArticlesArgs, @Ctx() ctx: Context): Promise<ArticleConnection> {
    return ArticleConnection.from(tagArticleList(ctx.cacheHint, await ctx.services.articles.list(args)));
  }

  @FieldResolver(() => CategoryModel)
  category(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): CategoryModel | Promise<CategoryModel> {
    tagResponse(ctx.cacheHint, cacheTags.category(article.categoryId));
    return joinedRelations(article)?.category ?? (ctx.loaders.categoryById.load(article.categoryId) as Promise<CategoryModel>);
  }

  @FieldResolver(() => UserModel)
  author(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): UserModel | Promise<UserModel> {
    return joinedRelations(article)?.author ?? (ctx.loaders.userById.load(article.authorId) as Promise<UserModel>);
  }

  @FieldResolver(() => MediaModel, { nullable: true })
  coverImage(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): MediaModel | Promise<MediaModel | null> | null {
    if (!article.coverImageId) return null;
    tagResponse(ctx.cacheHint, cacheTags.media(article.coverImageId));
    return joinedRelations(article)?.cover ?? ctx.loaders.mediaById.load(article.coverImageId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Alt text of the cover image in this article: its own, or the image’s alt when it has none; null without a cover',
  })
  coverAlt(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<string | null> {
    return coverText(article, ctx, 'alt');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Caption of the cover image in this article: its own, or the image’s caption when it has none; null without a cover',
  })
  coverCaption(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<string | null> {
    return coverText(article, ctx, 'caption');
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

/**
 * The article's own text for its cover, else the media's. Goes through the same loader as
 * coverImage: lists primed it from their join and a single article batches both fields into one
 * lookup, so asking for coverAlt adds no statement.
 */
async function coverText(article: Plain<ArticleModel>, ctx: Context, field: 'alt' | 'caption'): Promise<string | null> {
  if (!article.coverImageId) return null;
  const own = field === 'alt' ? article.coverAlt : article.coverCaption;
  if (own != null) return own;
  const media = joinedRelations(article)?.cover ?? (await ctx.loaders.mediaById.load(article.coverImageId));
  return media?.[field] ?? null;
}
