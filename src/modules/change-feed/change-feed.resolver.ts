import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { connectionType } from '../../shared/connection';
import { ArticleChangeModel, ArticleChangesArgs } from './article-change.model';

const { Connection: ArticleChangeConnection } = connectionType(ArticleChangeModel, 'ArticleChange');
type ArticleChangeConnection = InstanceType<typeof ArticleChangeConnection>;

@Resolver(() => ArticleChangeModel)
export class ChangeFeedResolver {
  @Query(() => ArticleChangeConnection, {
    description:
      'API keys and staff. Every change to what the public sees of an article, oldest first; a change shows only once every change before it has committed. Poll with after: <your last endCursor> (keep it when a page is empty).',
  })
  async articleChanges(@Args(() => ArticleChangesArgs) args: ArticleChangesArgs, @Ctx() ctx: Context): Promise<ArticleChangeConnection> {
    return ArticleChangeConnection.from(await ctx.services.changeFeed.list(args));
  }
}
