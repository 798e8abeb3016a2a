import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../shared/connection';
import { CalendarDateScalar } from '../../shared/scalars';
import { AdCampaignStatus, AdPriority, CapPeriod } from './ad.enums';
import { AD_LIMITS } from './ad-validation';

const WEIGHT = `1 to ${AD_LIMITS.weightMax}; the chance of a pick is campaign weight × creative weight within a priority class`;

@InputType()
export class AdSizeInput {
  @Field(() => Int, { description: `1 to ${AD_LIMITS.pixelsMax} pixels` })
  width!: number;

  @Field(() => Int, { description: `1 to ${AD_LIMITS.pixelsMax} pixels` })
  height!: number;
}

@InputType()
export class CreateAdSlotInput {
  @Field(() => String, { description: `Lower-case letters, digits and dashes, at most ${AD_LIMITS.keyMax} characters; stable once used` })
  key!: string;

  @Field(() => String, { description: `1 to ${AD_LIMITS.nameMax} characters` })
  name!: string;

  @Field(() => [AdSizeInput], { description: `1 to ${AD_LIMITS.sizesMax} sizes` })
  sizes!: AdSizeInput[];

  @Field(() => Boolean, { nullable: true, description: 'Default true' })
  active?: boolean | null;
}

/** Absent fields stay as they are. */
@InputType()
export class UpdateAdSlotInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [AdSizeInput], { nullable: true })
  sizes?: AdSizeInput[] | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType()
export class FrequencyCapInput {
  @Field(() => Int, { description: `Servings per visitor within one period, 1 to ${AD_LIMITS.countMax}` })
  maxImpressions!: number;

  @Field(() => CapPeriod)
  per!: CapPeriod;
}

@InputType()
export class CreateAdCampaignInput {
  @Field(() => String, { description: `1 to ${AD_LIMITS.nameMax} characters` })
  advertiser!: string;

  @Field(() => AdPriority)
  priority!: AdPriority;

  @Field(() => AdCampaignStatus, { nullable: true, description: 'Default DRAFT' })
  status?: AdCampaignStatus | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'After startsAt' })
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true, description: `${WEIGHT}; default 1` })
  weight?: number | null;

  @Field(() => Int, { nullable: true, description: `1 to ${AD_LIMITS.countMax}` })
  impressionGoal?: number | null;

  @Field(() => FrequencyCapInput, { nullable: true })
  frequencyCap?: FrequencyCapInput | null;

  @Field(() => [ID], { nullable: true, description: 'Pages of these categories and their subcategories only; absent or empty: every page' })
  targetCategoryIds?: string[] | null;

  @Field(() => [ID], { description: 'The slots it runs in' })
  slotIds!: string[];
}

/** Absent fields stay as they are; null clears startsAt, endsAt, impressionGoal and frequencyCap. */
@InputType()
export class UpdateAdCampaignInput {
  @Field(() => String, { nullable: true })
  advertiser?: string | null;

  @Field(() => AdPriority, { nullable: true })
  priority?: AdPriority | null;

  @Field(() => AdCampaignStatus, { nullable: true })
  status?: AdCampaignStatus | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true })
  weight?: number | null;

  @Field(() => Int, { nullable: true })
  impressionGoal?: number | null;

  @Field(() => FrequencyCapInput, { nullable: true })
  frequencyCap?: FrequencyCapInput | null;

  @Field(() => [ID], { nullable: true })
  targetCategoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  slotIds?: string[] | null;
}

@InputType()
export class CreateAdCreativeInput {
  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID, { description: 'A Media image' })
  imageId!: string;

  @Field(() => String, { description: `Required, 1 to ${AD_LIMITS.altMax} characters` })
  alt!: string;

  @Field(() => String, { description: `http or https, at most ${AD_LIMITS.urlMax} characters` })
  clickUrl!: string;

  @Field(() => Int, { nullable: true, description: 'Default: the image’s width' })
  width?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default: the image’s height' })
  height?: number | null;

  @Field(() => Int, { nullable: true, description: `${WEIGHT}; default 1` })
  weight?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true' })
  active?: boolean | null;
}

/** Absent fields stay as they are. */
@InputType()
export class UpdateAdCreativeInput {
  @Field(() => ID, { nullable: true })
  imageId?: string | null;

  @Field(() => String, { nullable: true })
  alt?: string | null;

  @Field(() => String, { nullable: true })
  clickUrl?: string | null;

  @Field(() => Int, { nullable: true })
  width?: number | null;

  @Field(() => Int, { nullable: true })
  height?: number | null;

  @Field(() => Int, { nullable: true })
  weight?: number | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType({ description: 'The page the slot is on: targeted campaigns serve only on their categories’ pages' })
export class AdContext {
  @Field(() => String, { nullable: true, description: 'A category page (its subcategories’ targeting included)' })
  categorySlug?: string | null;

  @Field(() => ID, { nullable: true, description: 'An article page: the article’s category' })
  articleId?: string | null;

  @Field(() => String, { nullable: true, description: 'An article page by its slug, as the page knows it before its query answers (instead of articleId): the article’s category' })
  articleSlug?: string | null;
}

@ArgsType()
export class AdStatsArgs {
  @Field(() => CalendarDateScalar)
  from!: string;

  @Field(() => CalendarDateScalar, { description: `Included; at most ${AD_LIMITS.statsDaysMax} days after from` })
  to!: string;
}

@ArgsType()
export class AdCampaignsArgs extends ConnectionArgs {
  @Field(() => [AdCampaignStatus], { nullable: true, description: 'Only these statuses' })
  status?: AdCampaignStatus[] | null;
}
