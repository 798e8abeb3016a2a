import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Role } from '../identity';
import { MediaModel } from '../media';
import { UpdateSiteInput } from './site.inputs';
import { SiteModel } from './site.model';
import type { Plain } from '../../shared/plain';

@Resolver(() => SiteModel)
export class SiteResolver {
  @Query(() => SiteModel)
  site(@Ctx() ctx: Context): Promise<SiteModel> {
    return ctx.services.site.get();
  }

  @Authorized([Role.ADMIN])
  @Mutation(() => SiteModel, { description: 'Admins. The name, tagline, banner and ads.txt of the publication' })
  updateSite(@Arg('input', () => UpdateSiteInput) input: UpdateSiteInput, @Ctx() ctx: Context): Promise<SiteModel> {
    return ctx.services.site.update(input);
  }

  @FieldResolver(() => MediaModel, { nullable: true })
  bannerImage(@Root() site: Plain<SiteModel>, @Ctx() ctx: Context): Promise<MediaModel | null> | null {
    return site.bannerImageId ? ctx.loaders.mediaById.load(site.bannerImageId) : null;
  }
}
