import { Authorized, Field, ID, Int, ObjectType } from 'type-graphql';
import { mediaUrl, srcSet } from './media-formats';
import type { Media } from './media.entity';
import { ORIGINAL_NAME_MAX_LENGTH } from './media-fields';

@ObjectType('Media', { description: 'An image. URLs are content-addressed and immutable: cache them forever' })
export class MediaModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Of the stored original' })
  mimeType!: string;

  @Field(() => Int, { description: 'Size of the stored original in bytes' })
  bytes!: number;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => String, { description: 'SHA-256 of the stored original (metadata stripped)' })
  sha256!: string;

  @Field(() => String, { nullable: true })
  alt!: string | null;

  @Field(() => String, { nullable: true })
  caption!: string | null;

  @Authorized()
  @Field(() => String, { nullable: true, description: `Staff only. The uploaded file’s name, as metadata; cut to ${ORIGINAL_NAME_MAX_LENGTH} characters` })
  originalName!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  storageKey!: string;
  uploadedById!: string | null;
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
  originalName: 'm.original_name',
  createdAt: 'm.created_at',
  storageKey: 'm.storage_key',
  uploadedById: 'm.uploaded_by_id',
};

/** The JSON answer of POST /media: the same fields as the GraphQL type, with the default url and srcSet. */
export function mediaJson(media: Media, publicUrl: string) {
  return {
    id: media.id,
    url: mediaUrl(publicUrl, media.storageKey),
    srcSet: srcSet(publicUrl, media),
    mimeType: media.mimeType,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    sha256: media.sha256,
    alt: media.alt,
    caption: media.caption,
    originalName: media.originalName,
    createdAt: media.createdAt.toISOString(),
  };
}
