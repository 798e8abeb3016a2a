import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class UpdateMediaInput {
  @Field(() => String, { nullable: true, description: 'Omitted: unchanged; null or empty: removed. At most 1 000 characters' })
  alt?: string | null;

  @Field(() => String, { nullable: true, description: 'Omitted: unchanged; null or empty: removed. At most 2 000 characters' })
  caption?: string | null;
}

@InputType()
export class MediaListFilter {
  @Field(() => String, { nullable: true, description: 'e.g. "image/jpeg"' })
  mimeType?: string | null;

  @Field(() => ID, { nullable: true, description: 'The uploader’s user id' })
  uploadedBy?: string | null;
}

@ArgsType()
export class MediaListArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => MediaListFilter, { nullable: true })
  filter?: MediaListFilter | null;
}
