import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import type { Plain } from '../../shared/plain';
import { ArticleModel } from '../article';
import type { UserModel } from '../identity';
import type { SiteModel } from '../site';
import { canonicalUrl } from './article-links';
import { attributionOf } from './attribution';

@ObjectType('Attribution', { description: 'Who to credit when republishing an article: the same lines every feed carries' })
export class AttributionModel {
  @Field(() => String, { description: 'The publication (the site’s name)' })
  source!: string;

  @Field(() => String, { description: 'The byline (the author’s display name)' })
  author!: string;

  @Field(() => String, { description: 'The rights line (CONTENT_RIGHTS, or “© <site name>”)' })
  rights!: string;
}

/** One site read per request, shared by every article of a page that asks for its attribution. */
const siteOfRequest = new WeakMap<Context, Promise<SiteModel>>();

/** Fields of Article that the syndication module answers: the links and credit partners republish with. */
@Resolver(() => ArticleModel)
export class ArticleAttributionResolver {
  @FieldResolver(() => String, { description: 'The article’s page on the public site: SITE_URL + ARTICLE_PATH (computed, follows slug changes)' })
  canonicalUrl(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): string {
    return canonicalUrl(ctx.config.syndication, article);
  }

  @FieldResolver(() => AttributionModel)
  async attribution(@Root() article: Plain<ArticleModel>, @Ctx() ctx: Context): Promise<AttributionModel> {
    let site = siteOfRequest.get(ctx);
    if (!site) siteOfRequest.set(ctx, (site = ctx.services.site.get()));
    const [{ name }, author] = await Promise.all([site, ctx.loaders.userById.load(article.authorId) as Promise<UserModel>]);
    return attributionOf(ctx.config.syndication, name, author.displayName);
  }
}
