import { Authorized, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CalendarDateScalar } from '../../shared/scalars';
import { EDITOR_ROLES, type Role } from '../identity';
import type { MediaModel } from '../media';
import { AdCampaignStatus, AdPriority, CapPeriod } from './ad.enums';

/** Editors and admins only: what the public must never see of a campaign or creative. */
const NEWSROOM = EDITOR_ROLES as Role[];

@ObjectType('AdSize')
export class AdSizeModel {
  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;
}

@ObjectType('AdSlot', { description: 'A place on the page for ads. The public sees active slots only' })
export class AdSlotModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable: frontends ask for the slot by it ("sidebar-1")' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [AdSizeModel], { description: 'Creative sizes the slot accepts' })
  sizes!: AdSizeModel[];

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType('FrequencyCap')
export class FrequencyCapModel {
  @Field(() => Int, { description: 'Servings per visitor within one period' })
  maxImpressions!: number;

  @Field(() => CapPeriod)
  per!: CapPeriod;
}

@ObjectType('AdCampaign', { description: 'Editors and admins only' })
export class AdCampaignModel {
  @Field(() => ID)
  id!: string;

  @Authorized(NEWSROOM)
  @Field(() => String)
  advertiser!: string;

  @Authorized(NEWSROOM)
  @Field(() => AdPriority)
  priority!: AdPriority;

  @Authorized(NEWSROOM)
  @Field(() => AdCampaignStatus)
  status!: AdCampaignStatus;

  @Authorized(NEWSROOM)
  @Field(() => Date, { nullable: true, description: 'null: from the start' })
  startsAt!: Date | null;

  @Authorized(NEWSROOM)
  @Field(() => Date, { nullable: true, description: 'null: no end' })
  endsAt!: Date | null;

  @Authorized(NEWSROOM)
  @Field(() => Int)
  weight!: number;

  @Authorized(NEWSROOM)
  @Field(() => Int, { nullable: true, description: 'Counted impressions after which the campaign stops serving' })
  impressionGoal!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  capMax!: number | null;
  capPeriod!: CapPeriod | null;
}

@ObjectType('AdCreative', { description: 'An ad. The public sees it only inside a serving, and only its image, alt text and size' })
export class AdCreativeModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  alt!: string;

  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;

  @Authorized(NEWSROOM)
  @Field(() => String, { description: 'Where a click goes (through the serving’s clickUrl)' })
  clickUrl!: string;

  @Authorized(NEWSROOM)
  @Field(() => Int)
  weight!: number;

  @Authorized(NEWSROOM)
  @Field(() => Boolean)
  active!: boolean;

  campaignId!: string;
  imageId!: string;
  /** Present when the row came from the eligible set (a serving): no lookup needed. */
  image?: MediaModel;
}

@ObjectType('AdServing', { description: 'One ad shown once: report its impression with impressionToken, link it through clickUrl' })
export class AdServingModel {
  @Field(() => AdCreativeModel)
  creative!: AdCreativeModel;

  @Field(() => String, { description: 'For recordAdEvents and the /ads/impression and /ads/viewable beacons; signed, expires' })
  impressionToken!: string;

  @Field(() => String, { description: 'Our redirect (/ads/click/<token>): counts the click, then 302 to the advertiser' })
  clickUrl!: string;
}

@ObjectType('AdDailyStats', { description: 'One newsroom day (NEWSROOM_TIMEZONE)' })
export class AdDailyStatsModel {
  @Field(() => CalendarDateScalar)
  day!: string;

  @Field(() => Int, { description: 'Times the ad was picked for a page' })
  served!: number;

  @Field(() => Int, { description: 'The frontend reported that it began to render' })
  impressions!: number;

  @Field(() => Int, { description: '≥ 50% of its pixels in view for ≥ 1 continuous second' })
  viewable!: number;

  @Field(() => Int)
  clicks!: number;

  @Field(() => Float, { nullable: true, description: 'clicks / impressions; null without impressions' })
  ctr!: number | null;

  @Field(() => Float, { nullable: true, description: 'viewable / impressions; null without impressions' })
  viewability!: number | null;
}

export const SLOT_COLUMNS = { id: 'sl.id', key: 'sl.key', name: 'sl.name', sizes: 'sl.sizes', active: 'sl.active' };
export const CAMPAIGN_COLUMNS = {
  id: 'ca.id',
  advertiser: 'ca.advertiser',
  priority: 'ca.priority',
  status: 'ca.status',
  startsAt: 'ca.starts_at',
  endsAt: 'ca.ends_at',
  weight: 'ca.weight',
  impressionGoal: 'ca.impression_goal',
  capMax: 'ca.cap_max',
  capPeriod: 'ca.cap_period',
  createdAt: 'ca.created_at',
};
export const CREATIVE_COLUMNS = {
  id: 'cr.id',
  alt: 'cr.alt',
  width: 'cr.width',
  height: 'cr.height',
  clickUrl: 'cr.click_url',
  weight: 'cr.weight',
  active: 'cr.active',
  campaignId: 'cr.campaign_id',
  imageId: 'cr.image_id',
};
