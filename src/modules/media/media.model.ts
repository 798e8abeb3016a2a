import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('Media')
export class MediaModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  mimeType!: string;

  @Field(() => Int, { description: 'Size in bytes' })
  bytes!: number;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => String)
  sha256!: string;

  @Field(() => String, { nullable: true })
  alt!: string | null;

  @Field(() => String, { nullable: true })
  caption!: string | null;

  storageKey!: string;
}

export const MEDIA_COLUMNS = {
  id: 'm.id',
  mimeType: 'm.mime_type',
  bytes: 'm.bytes',
  width: 'm.width',
  height: 'm.height',
  sha256: 'm.sha256',
  alt: 'm.alt',
  caption: 'm.caption',
  storageKey: 'm.storage_key',
};

/** Media URLs are content-addressed (the storage key holds the hash), so they can be cached forever. */
export function mediaUrl(publicUrl: string, storageKey: string): string {
  return `${publicUrl}/media/${storageKey}`;
}
