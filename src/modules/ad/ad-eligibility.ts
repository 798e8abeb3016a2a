import type { Knex } from '@mikro-orm/postgresql';
import { categoryTrees, CATEGORY_COLUMNS } from '../category';
import { MEDIA_COLUMNS, type MediaModel } from '../media';
import type { AdSize } from './ad-slot.entity';
import { AdCampaignStatus, type AdPriority, type CapPeriod } from './ad.enums';
import type { AdCreativeModel } from './ad.models';

/** A creative as a serving shows it, its image row included (no lookup when a page asks for the image). */
export type ServableCreative = AdCreativeModel & { image: MediaModel };

/** What serving needs of an ACTIVE campaign. Advertiser, status and the rest stay in the database. */
export interface ServableCampaign {
  id: string;
  priority: AdPriority;
  startsAt: number | null;
  endsAt: number | null;
  weight: number;
  goal: number | null;
  /** Impressions counted so far (at load, plus those this instance counted since). */
  delivered: number;
  cap: { max: number; period: CapPeriod } | null;
  /** null: every page. Otherwise the targeted categories with their subcategories, by id and by slug. */
  targets: { ids: Set<string>; slugs: Set<string> } | null;
}

export interface SlotCandidate {
  campaign: ServableCampaign;
  creative: ServableCreative;
}

export interface ServableSlot {
  id: string;
  key: string;
  name: string;
  sizes: AdSize[];
  active: boolean;
  /** Creatives of ACTIVE campaigns linked to the slot, of a size the slot accepts. Dates, goals and caps are checked per serving. */
  candidates: SlotCandidate[];
}

export interface EligibleSet {
  loadedAt: number;
  slots: Map<string, ServableSlot>;
  campaigns: Map<string, ServableCampaign>;
  creatives: Map<string, ServableCreative>;
}

const time = (value: string | Date | null) => (value === null ? null : new Date(value).getTime());

/**
 * Reads what can serve, for every slot at once (a handful of statements, only after a change):
 * campaigns ACTIVE, not deleted and not past their end; their active, not deleted creatives; the
 * slots they are linked to; the categories they target, expanded to their subtrees.
 */
export async function loadEligibleSet(knex: Knex): Promise<EligibleSet> {
  const loadedAt = Date.now();
  const [slotRows, campaignRows] = await Promise.all([
    knex('ad_slot').select('id', 'key', 'name', 'sizes', 'active'),
    knex('ad_campaign')
      .select('id', 'priority', 'starts_at', 'ends_at', 'weight', 'impression_goal', 'cap_max', 'cap_period')
      .where('status', AdCampaignStatus.ACTIVE)
      .whereNull('deleted_at')
      .where((qb) => {
        qb.whereNull('ends_at').orWhere('ends_at', '>', knex.fn.now());
      }),
  ]);
  const campaignIds = campaignRows.map((row) => row.id as string);
  const goalIds = campaignRows.filter((row) => row.impression_goal !== null).map((row) => row.id as string);
  const [links, creativeRows, targetRows, deliveredRows] = await Promise.all([
    knex('ad_campaign_slot').select('campaign_id', 'slot_id').whereIn('campaign_id', campaignIds),
    knex('ad_creative as cr')
      .select({ creativeId: 'cr.id', campaignId: 'cr.campaign_id', creativeAlt: 'cr.alt', creativeWidth: 'cr.width', creativeHeight: 'cr.height', creativeWeight: 'cr.weight', creativeClickUrl: 'cr.click_url' }, MEDIA_COLUMNS)
      .join('media as m', 'm.id', 'cr.image_id')
      .whereIn('cr.campaign_id', campaignIds)
      .where('cr.active', true)
      .whereNull('cr.deleted_at'),
    loadTargets(knex, campaignIds),
    goalIds.length === 0
      ? []
      : knex('ad_stats_hourly as s').join('ad_creative as cr', 'cr.id', 's.creative_id').select('cr.campaign_id').sum({ delivered: 's.impressions' }).whereIn('cr.campaign_id', goalIds).groupBy('cr.campaign_id'),
  ]);
  const delivered = new Map((deliveredRows as { campaign_id: string; delivered: string }[]).map((row) => [row.campaign_id, Number(row.delivered)]));
  const campaigns = new Map<string, ServableCampaign>();
  for (const row of campaignRows) {
    campaigns.set(row.id, {
      id: row.id,
      priority: row.priority,
      startsAt: time(row.starts_at),
      endsAt: time(row.ends_at),
      weight: row.weight,
      goal: row.impression_goal,
      delivered: delivered.get(row.id) ?? 0,
      cap: row.cap_max === null ? null : { max: row.cap_max, period: row.cap_period },
      targets: targetRows.get(row.id) ?? null,
    });
  }
  const creatives = new Map<string, ServableCreative>();
  for (const { creativeId, campaignId, creativeAlt, creativeWidth, creativeHeight, creativeWeight, creativeClickUrl, ...image } of creativeRows) {
    creatives.set(creativeId, {
      id: creativeId,
      campaignId,
      alt: creativeAlt,
      width: creativeWidth,
      height: creativeHeight,
      weight: creativeWeight,
      clickUrl: creativeClickUrl,
      active: true,
      imageId: image.id,
      image: image as MediaModel,
    });
  }
  const slots = new Map<string, ServableSlot>();
  const slotsById = new Map<string, ServableSlot>();
  for (const row of slotRows) {
    const slot: ServableSlot = { id: row.id, key: row.key, name: row.name, sizes: row.sizes, active: row.active, candidates: [] };
    slots.set(slot.key, slot);
    slotsById.set(slot.id, slot);
  }
  const campaignSlots = new Map<string, ServableSlot[]>();
  for (const link of links) {
    const slot = slotsById.get(link.slot_id);
    if (slot) campaignSlots.set(link.campaign_id, [...(campaignSlots.get(link.campaign_id) ?? []), slot]);
  }
  for (const creative of creatives.values()) {
    const campaign = campaigns.get(creative.campaignId) as ServableCampaign;
    for (const slot of campaignSlots.get(campaign.id) ?? []) {
      if (slot.sizes.some((size) => size.width === creative.width && size.height === creative.height)) slot.candidates.push({ campaign, creative });
    }
  }
  return { loadedAt, slots, campaigns, creatives };
}

/** Each targeting campaign's categories with their subtrees, by id and slug. */
async function loadTargets(knex: Knex, campaignIds: string[]): Promise<Map<string, { ids: Set<string>; slugs: Set<string> }>> {
  const picks: { campaign_id: string; category_id: string }[] = await knex('ad_campaign_category').select('campaign_id', 'category_id').whereIn('campaign_id', campaignIds);
  const targets = new Map<string, { ids: Set<string>; slugs: Set<string> }>();
  if (picks.length === 0) return targets;
  const trees: { root: string; id: string; slug: string }[] = await categoryTrees(knex, [...new Set(picks.map((pick) => pick.category_id))])
    .select('tree.root', { id: CATEGORY_COLUMNS.id, slug: CATEGORY_COLUMNS.slug })
    .join('category as c', 'c.id', 'tree.id');
  for (const pick of picks) {
    const target = targets.get(pick.campaign_id) ?? { ids: new Set<string>(), slugs: new Set<string>() };
    for (const node of trees) {
      if (node.root !== pick.category_id) continue;
      target.ids.add(node.id);
      target.slugs.add(node.slug);
    }
    targets.set(pick.campaign_id, target);
  }
  return targets;
}
