import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { MediaModel } from '../media';
import { SiteModel } from './site.model';
import type { Plain } from '../../shared/plain';

@Resolver(() => SiteModel)
export class SiteResolver {
  @Query(() => SiteModel)
  site(@Ctx() ctx: Context): Promise<SiteModel> {
    return ctx.services.site.get();
  }

  @FieldResolver(() => MediaModel, { nullable: true })
  bannerImage(@Root() site: Plain<SiteModel>, @Ctx() ctx: Context): Promise<MediaModel | null> | null {
    return site.bannerImageId ? ctx.loaders.mediaById.load(site.bannerImageId) : null;
  }
}
