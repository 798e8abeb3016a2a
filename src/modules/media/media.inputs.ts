import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../shared/connection';
import { formatCount } from '../../shared/text';
import { ALT_MAX_LENGTH, CAPTION_MAX_LENGTH } from './media-fields';

@InputType()
export class UpdateMediaInput {
  @Field(() => String, { nullable: true, description: `Omitted: unchanged; null or empty: removed. At most ${formatCount(ALT_MAX_LENGTH)} characters` })
  alt?: string | null;

  @Field(() => String, { nullable: true, description: `Omitted: unchanged; null or empty: removed. At most ${formatCount(CAPTION_MAX_LENGTH)} characters` })
  caption?: string | null;
}

@InputType()
export class MediaListFilter {
  @Field(() => String, { nullable: true, description: 'e.g. "image/jpeg"' })
  mimeType?: string | null;

  @Field(() => ID, { nullable: true, description: 'The uploader’s user id' })
  uploadedBy?: string | null;
}

/** Relay connection arguments (first/after or last/before) plus the filter. */
@ArgsType()
export class MediaListArgs extends ConnectionArgs {
  @Field(() => MediaListFilter, { nullable: true })
  filter?: MediaListFilter | null;
}
