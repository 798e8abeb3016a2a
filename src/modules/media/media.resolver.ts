import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { assertUuid } from '../../shared/uuid';
import { MediaModel, mediaUrl } from './media.model';

@Resolver(() => MediaModel)
export class MediaResolver {
  @Query(() => MediaModel, { nullable: true })
  media(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MediaModel | null> {
    return ctx.loaders.mediaById.load(assertUuid(id, 'id'));
  }

  @FieldResolver(() => String, { description: 'Where the bytes are served' })
  url(@Root() media: MediaModel, @Ctx() ctx: Context): string {
    return mediaUrl(ctx.config.publicUrl, media.storageKey);
  }
}
