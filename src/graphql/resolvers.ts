import type { NonEmptyArray } from 'type-graphql';
import { AdCampaignAdminResolver, AdCreativeAdminResolver, AdCreativeImageResolver, AdServingResolver, AdSlotAdminResolver } from '../modules/ad';
import { ApiKeyResolver, AuthResolver, UserResolver } from '../modules/identity';
import { CategoryArticlesResolver } from '../modules/article/article-category.resolver';
import { ArticleEditorialResolver, ArticleRevisionResolver } from '../modules/article/article-editorial.resolver';
import { ArticleMutationResolver } from '../modules/article/article-mutation.resolver';
import { ArticleResolver } from '../modules/article/article.resolver';
import { CategoryResolver } from '../modules/category/category.resolver';
import { ChangeFeedResolver } from '../modules/change-feed';
import { MediaResolver } from '../modules/media/media.resolver';
import { SiteResolver } from '../modules/site/site.resolver';
import { ViewResolver } from '../modules/view/view.resolver';
import { ArticleAttributionResolver } from '../modules/syndication';
import { WebhookResolver } from '../modules/webhook';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ApiKeyResolver,
  AdCampaignAdminResolver,
  AdCreativeAdminResolver,
  AdCreativeImageResolver,
  AdServingResolver,
  AdSlotAdminResolver,
  ArticleResolver,
  ArticleAttributionResolver,
  ArticleEditorialResolver,
  ArticleMutationResolver,
  ArticleRevisionResolver,
  AuthResolver,
  CategoryResolver,
  CategoryArticlesResolver,
  ChangeFeedResolver,
  MediaResolver,
  SiteResolver,
  UserResolver,
  ViewResolver,
  WebhookResolver,
];
