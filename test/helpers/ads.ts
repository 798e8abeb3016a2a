import type { EntityManager } from '@mikro-orm/postgresql';
import { AdCampaign, AdCreative, AdSlot } from '../../src/modules/ad';
import { AdCampaignStatus, AdPriority, type CapPeriod } from '../../src/modules/ad/ad.enums';
import type { Category } from '../../src/modules/category/category.entity';
import { createMedia, uniqueToken } from './factories';

/** Shared by the ad tests: rows made directly, and the queries a frontend sends. */

export const SERVE_SLOT = `query($key: String!, $limit: Int = 1, $context: AdContext) {
  adSlot(key: $key, context: $context) { key ads(limit: $limit) { clickUrl impressionToken creative { id alt width height image { url } } } }
}`;
export const RECORD_AD_EVENTS = 'mutation($tokens: [String!]!, $kind: AdEventKind!) { recordAdEvents(tokens: $tokens, kind: $kind) }';

export interface ServingData {
  adSlot: { key: string; ads: { clickUrl: string; impressionToken: string; creative: { id: string; alt: string; width: number; height: number; image: { url: string } } }[] } | null;
}

export interface CampaignOverrides {
  priority?: AdPriority;
  status?: AdCampaignStatus;
  weight?: number;
  startsAt?: Date | null;
  endsAt?: Date | null;
  impressionGoal?: number | null;
  cap?: { max: number; period: CapPeriod } | null;
  targets?: Category[];
}

/** A slot of its own (a unique key) accepting 300×250. */
export async function createSlot(em: EntityManager, overrides: { active?: boolean } = {}): Promise<AdSlot> {
  const slot = em.create(AdSlot, { key: `slot-${uniqueToken().toLowerCase()}`, name: 'Test slot', sizes: [{ width: 300, height: 250 }], active: overrides.active ?? true });
  await em.flush();
  return slot;
}

/** An ACTIVE REMNANT campaign in these slots unless told otherwise. */
export async function createCampaign(em: EntityManager, slots: AdSlot[], overrides: CampaignOverrides = {}): Promise<AdCampaign> {
  const campaign = em.create(AdCampaign, {
    advertiser: `Advertiser ${uniqueToken()}`,
    priority: overrides.priority ?? AdPriority.REMNANT,
    status: overrides.status ?? AdCampaignStatus.ACTIVE,
    weight: overrides.weight ?? 1,
    startsAt: overrides.startsAt ?? null,
    endsAt: overrides.endsAt ?? null,
    impressionGoal: overrides.impressionGoal ?? null,
    capMax: overrides.cap?.max ?? null,
    capPeriod: overrides.cap?.period ?? null,
  });
  for (const slot of slots) campaign.slots.add(slot);
  for (const category of overrides.targets ?? []) campaign.targetCategories.add(category);
  await em.flush();
  return campaign;
}

/** An active 300×250 creative on a fresh image row. */
export async function createCreative(em: EntityManager, campaign: AdCampaign, overrides: { weight?: number; active?: boolean; clickUrl?: string } = {}): Promise<AdCreative> {
  const image = await createMedia(em, { width: 300, height: 250, mimeType: 'image/png' });
  const creative = em.create(AdCreative, {
    campaign,
    image,
    alt: `Ad ${uniqueToken()}`,
    clickUrl: overrides.clickUrl ?? `https://advertiser.example/${uniqueToken()}`,
    width: 300,
    height: 250,
    weight: overrides.weight ?? 1,
    active: overrides.active ?? true,
  });
  await em.flush();
  return creative;
}
