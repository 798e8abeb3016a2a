import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { connectionType } from '../../shared/connection';
import { BadInputError } from '../../shared/errors';
import { STAFF_ROLES, UserModel } from '../identity';
import { ImageFormat, keyFor, mediaUrl, srcSet } from './media-formats';
import { MediaListArgs, UpdateMediaInput } from './media.inputs';
import { MediaModel } from './media.model';
import type { Plain } from '../../shared/plain';

const { Connection: MediaConnection } = connectionType(MediaModel, 'Media');
type MediaConnection = InstanceType<typeof MediaConnection>;

import { cacheTags, tagResponse } from '../../shared/cache-hint';
@Resolver(() => MediaModel)
export class MediaResolver {
  @Query(() => MediaModel, {
    nullable: true,
    description: 'Staff: any image. Everyone else: only images a published article or the site shows (null otherwise)',
  })
  async media(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MediaModel | null> {
    const media = await ctx.services.media.find(id);
    if (media) tagResponse(ctx.cacheHint, cacheTags.media(media.id));
    return media;
  }

  @Authorized(STAFF_ROLES)
  @Query(() => MediaConnection, { description: 'Staff only. Newest first' })
  async mediaList(@Args(() => MediaListArgs) args: MediaListArgs, @Ctx() ctx: Context): Promise<MediaConnection> {
    return MediaConnection.from(await ctx.services.media.list(args));
  }

  @Authorized(STAFF_ROLES)
  @Mutation(() => MediaModel, { description: 'The uploader, or an editor' })
  updateMedia(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateMediaInput) input: UpdateMediaInput, @Ctx() ctx: Context): Promise<MediaModel> {
    return ctx.services.media.update(id, input);
  }

  @Authorized(STAFF_ROLES)
  @Mutation(() => ID, { description: 'The uploader, or an editor. Refused (BAD_USER_INPUT) while an article or the site uses the image' })
  deleteMedia(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.media.delete(id);
  }

  @FieldResolver(() => String, {
    description: 'The image, or a variant: `width` is snapped up to 160, 320, 640, 960, 1280 or 1920 (never wider than the original); `format` defaults to the original’s',
  })
  url(
    @Root() media: Plain<MediaModel>,
    @Ctx() ctx: Context,
    @Arg('width', () => Int, { nullable: true }) width?: number | null,
    @Arg('format', () => ImageFormat, { nullable: true }) format?: ImageFormat | null,
  ): string {
    if (width != null && width < 1) throw new BadInputError('"width" must be a positive number of pixels', 'width');
    return mediaUrl(ctx.config.publicUrl, keyFor(media, width, format));
  }

  @FieldResolver(() => String, { description: 'For <img srcset>: every available width, in `format` (default: the original’s)' })
  srcSet(@Root() media: Plain<MediaModel>, @Ctx() ctx: Context, @Arg('format', () => ImageFormat, { nullable: true }) format?: ImageFormat | null): string {
    return srcSet(ctx.config.publicUrl, media, format);
  }

  @Authorized()
  @FieldResolver(() => UserModel, { nullable: true, description: 'Staff only. Null for seeded images' })
  uploadedBy(@Root() media: Plain<MediaModel>, @Ctx() ctx: Context): Promise<UserModel | null> | null {
    return media.uploadedById ? ctx.loaders.userById.load(media.uploadedById) : null;
  }
}
