import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ArticleModel, tagArticleList } from '../article';
import { MostViewedArgs, ViewStatsArgs } from './view.inputs';
import { DailyViewsModel } from './view.models';

@Resolver(() => ArticleModel)
export class ViewResolver {
  @Mutation(() => Boolean, {
    description:
      'Public. Records that a reader opened an article. True when counted (committed); false for an unknown or unpublished id, a bot, ' +
      'or the same reader again within the dedupe window. Never an error for a well-formed request.',
  })
  recordArticleView(@Arg('articleId', () => ID) articleId: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.views.record(articleId, { address: ctx.clientAddress, userAgent: ctx.userAgent });
  }

  @Query(() => [ArticleModel], { description: 'Published articles ranked by views in a period ("most read"); ties: newer first' })
  async mostViewedArticles(@Args(() => MostViewedArgs) args: MostViewedArgs, @Ctx() ctx: Context): Promise<ArticleModel[]> {
    return tagArticleList(ctx.cacheHint, await ctx.services.views.mostViewed(args));
  }

  @Authorized()
  @FieldResolver(() => [DailyViewsModel], { description: 'Editors and the article’s author: views per newsroom day, one entry per day (zeros included)' })
  viewStats(@Root() article: ArticleModel, @Args(() => ViewStatsArgs) args: ViewStatsArgs, @Ctx() ctx: Context): Promise<DailyViewsModel[]> {
    return ctx.services.views.viewStats(article, args, ctx.loaders.articleViewStats);
  }
}
