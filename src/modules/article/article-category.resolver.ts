import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import type { Plain } from '../../shared/plain';
import { CategoryModel } from '../category';
import { ArticleConnection } from './article.connection';
import { ArticlePageArgs } from './article.inputs';
import { tagArticleList } from './article-cache-tags';
import { cacheTags, tagResponse } from '../../shared/cache-hint';

/**
 * A category's articles and their count: fields of Category that only the article module can
 * answer (category sits below article and knows nothing of articles).
 */
@Resolver(() => CategoryModel)
export class CategoryArticlesResolver {
  @FieldResolver(() => Int, { description: 'Published articles in this category and its subcategories' })
  articleCount(@Root() category: Plain<CategoryModel>, @Ctx() ctx: Context): Promise<number> {
    tagResponse(ctx.cacheHint, cacheTags.articleList);
    return ctx.loaders.categoryArticleCount.load(category.id);
  }

  @FieldResolver(() => ArticleConnection, { description: 'Articles in this category and its subcategories' })
  async articles(@Root() category: Plain<CategoryModel>, @Args(() => ArticlePageArgs) args: ArticlePageArgs, @Ctx() ctx: Context): Promise<ArticleConnection> {
    return ArticleConnection.from(tagArticleList(ctx.cacheHint, await ctx.services.articles.list({ ...args, filter: { categorySlug: category.slug } })));
  }
}
