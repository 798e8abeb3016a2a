import { Field, ID, InputType, Int } from 'type-graphql';
import { SLUG_MAX_LENGTH } from '../../shared/slugify';
import { formatCount } from '../../shared/text';
import { ALT_MAX_LENGTH, CAPTION_MAX_LENGTH } from '../media';
import { BODY_MAX_LENGTH, TAG_MAX_LENGTH, TAGS_MAX } from './article-content';
import { EXCERPT_MAX_LENGTH, TITLE_MAX_LENGTH } from './article.entity';

// Limits in the descriptions come from the constants the checks use (characters: code points after NFC).

/**
 * A new article. No author, status, version, counters or timestamps: the article is always a draft
 * by the signed-in user, at version 1.
 */
@InputType()
export class CreateArticleInput {
  @Field(() => String, { description: `Plain text, 1 to ${formatCount(TITLE_MAX_LENGTH)} characters` })
  title!: string;

  @Field(() => String, { nullable: true, description: `The lead (sapo), plain text, at most ${formatCount(EXCERPT_MAX_LENGTH)} characters` })
  excerpt?: string | null;

  @Field(() => String, { nullable: true, description: `HTML, sanitized on save; at most ${formatCount(BODY_MAX_LENGTH)} characters` })
  body?: string | null;

  @Field(() => ID)
  categoryId!: string;

  @Field(() => ID, { nullable: true })
  coverImageId?: string | null;

  @Field(() => String, { nullable: true, description: `Alt text of the cover in this article, at most ${formatCount(ALT_MAX_LENGTH)} characters; without it, the image’s own alt` })
  coverAlt?: string | null;

  @Field(() => String, { nullable: true, description: `Caption of the cover in this article, at most ${formatCount(CAPTION_MAX_LENGTH)} characters; without it, the image’s own caption` })
  coverCaption?: string | null;

  @Field(() => [String], { nullable: true, description: `At most ${TAGS_MAX}, each 1 to ${TAG_MAX_LENGTH} characters; duplicates are dropped` })
  tags?: string[] | null;
}

/** Changes to an article; omitted fields stay as they are. */
@InputType()
export class UpdateArticleInput {
  @Field(() => Int, { description: 'The version you last read; a stale one is refused with CONFLICT (extensions.currentVersion)' })
  version!: number;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  excerpt?: string | null;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'null removes the cover image. A new cover drops the old one’s coverAlt and coverCaption unless they are given too' })
  coverImageId?: string | null;

  @Field(() => String, { nullable: true, description: 'null or empty: the image’s own alt again' })
  coverAlt?: string | null;

  @Field(() => String, { nullable: true, description: 'null or empty: the image’s own caption again' })
  coverCaption?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `Editors only. 1 to ${SLUG_MAX_LENGTH} lower-case letters, digits and single dashes. The old slug keeps resolving to this article and is never given to another one`,
  })
  slug?: string | null;
}
