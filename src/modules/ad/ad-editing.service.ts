import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../../db/pg-errors';
import { BadInputError, ConflictError, NotFoundError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { Category } from '../category';
import { Media } from '../media';
import { AdCampaign } from './ad-campaign.entity';
import { AdCreative } from './ad-creative.entity';
import type { AdEligibilityCache } from './ad-eligibility-cache';
import { AdSlot } from './ad-slot.entity';
import type { CreateAdCampaignInput, CreateAdCreativeInput, CreateAdSlotInput, FrequencyCapInput, UpdateAdCampaignInput, UpdateAdCreativeInput, UpdateAdSlotInput } from './ad.inputs';
import { AD_LIMITS, clickUrl, dateOrder, idList, pixels, requiredText, slotKey, slotSizes, weight, wholeNumber } from './ad-validation';

/**
 * Slots, campaigns and creatives, for editors and admins (the resolvers' role gate). Every change
 * refreshes the eligible set here and, through Redis, on the other instances.
 */
export class AdEditingService {
  constructor(
    private readonly em: EntityManager,
    private readonly eligibility: AdEligibilityCache,
  ) {}

  async createSlot(input: CreateAdSlotInput): Promise<string> {
    const slot = this.em.create(AdSlot, { key: slotKey(input.key), name: requiredText(input.name, 'name', AD_LIMITS.nameMax), sizes: slotSizes(input.sizes), active: input.active ?? true });
    await this.save(slot.key);
    return slot.id;
  }

  async updateSlot(id: string, input: UpdateAdSlotInput): Promise<string> {
    const slot = await this.find(AdSlot, id, 'ad slot', { softDeleted: false });
    if (input.name != null) slot.name = requiredText(input.name, 'name', AD_LIMITS.nameMax);
    if (input.sizes != null) slot.sizes = slotSizes(input.sizes);
    if (input.active != null) slot.active = input.active;
    await this.save();
    return slot.id;
  }

  async createCampaign(input: CreateAdCampaignInput): Promise<string> {
    const campaign = this.em.create(AdCampaign, { advertiser: requiredText(input.advertiser, 'advertiser', AD_LIMITS.nameMax), priority: input.priority });
    await this.applyCampaign(campaign, input);
    await this.save();
    return campaign.id;
  }

  async updateCampaign(id: string, input: UpdateAdCampaignInput): Promise<string> {
    const campaign = await this.find(AdCampaign, id, 'ad campaign', { populate: ['slots', 'targetCategories'] });
    if (input.advertiser != null) campaign.advertiser = requiredText(input.advertiser, 'advertiser', AD_LIMITS.nameMax);
    if (input.priority != null) campaign.priority = input.priority;
    await this.applyCampaign(campaign, input);
    await this.save();
    return campaign.id;
  }

  /** Soft: the campaign and its creatives stop serving and leave the lists; their stats stay. */
  async deleteCampaign(id: string): Promise<string> {
    const campaign = await this.find(AdCampaign, id, 'ad campaign');
    campaign.deletedAt = new Date();
    await this.save();
    return campaign.id;
  }

  async createCreative(input: CreateAdCreativeInput): Promise<string> {
    const campaign = await this.reference(AdCampaign, input.campaignId, 'campaignId');
    const image = await this.reference(Media, input.imageId, 'imageId');
    const creative = this.em.create(AdCreative, {
      campaign,
      image,
      alt: requiredText(input.alt, 'alt', AD_LIMITS.altMax),
      clickUrl: clickUrl(input.clickUrl),
      width: input.width != null ? pixels(input.width, 'width') : this.imageSize(image.width, 'width'),
      height: input.height != null ? pixels(input.height, 'height') : this.imageSize(image.height, 'height'),
      weight: input.weight != null ? weight(input.weight, 'weight') : 1,
      active: input.active ?? true,
    });
    await this.save();
    return creative.id;
  }

  async updateCreative(id: string, input: UpdateAdCreativeInput): Promise<string> {
    const creative = await this.find(AdCreative, id, 'ad creative');
    if (input.imageId != null) creative.image = await this.reference(Media, input.imageId, 'imageId');
    if (input.alt != null) creative.alt = requiredText(input.alt, 'alt', AD_LIMITS.altMax);
    if (input.clickUrl != null) creative.clickUrl = clickUrl(input.clickUrl);
    if (input.width != null) creative.width = pixels(input.width, 'width');
    if (input.height != null) creative.height = pixels(input.height, 'height');
    if (input.weight != null) creative.weight = weight(input.weight, 'weight');
    if (input.active != null) creative.active = input.active;
    await this.save();
    return creative.id;
  }

  /** Soft: the creative stops serving and leaves its campaign's list; its stats stay. */
  async deleteCreative(id: string): Promise<string> {
    const creative = await this.find(AdCreative, id, 'ad creative');
    creative.deletedAt = new Date();
    await this.save();
    return creative.id;
  }

  /** The fields create and update share; absent stays, null clears (dates, goal, cap). */
  private async applyCampaign(campaign: AdCampaign, input: UpdateAdCampaignInput): Promise<void> {
    if (input.status != null) campaign.status = input.status;
    if (input.startsAt !== undefined) campaign.startsAt = input.startsAt;
    if (input.endsAt !== undefined) campaign.endsAt = input.endsAt;
    dateOrder(campaign.startsAt, campaign.endsAt);
    if (input.weight != null) campaign.weight = weight(input.weight, 'weight');
    if (input.impressionGoal !== undefined) campaign.impressionGoal = input.impressionGoal === null ? null : wholeNumber(input.impressionGoal, 'impressionGoal', 1, AD_LIMITS.countMax);
    if (input.frequencyCap !== undefined) this.applyCap(campaign, input.frequencyCap);
    if (input.slotIds != null) campaign.slots.set(await this.references(AdSlot, input.slotIds, 'slotIds'));
    if (input.targetCategoryIds !== undefined) campaign.targetCategories.set(await this.references(Category, input.targetCategoryIds ?? [], 'targetCategoryIds'));
  }

  private applyCap(campaign: AdCampaign, cap: FrequencyCapInput | null): void {
    campaign.capMax = cap === null ? null : wholeNumber(cap.maxImpressions, 'frequencyCap.maxImpressions', 1, AD_LIMITS.countMax);
    campaign.capPeriod = cap === null ? null : cap.per;
  }

  private imageSize(value: number | null, field: 'width' | 'height'): number {
    if (value === null) throw new BadInputError(`"${field}" is required: the image has no known ${field}`, field);
    return value;
  }

  /** The row being changed: NOT_FOUND when missing or soft-deleted (slots are never deleted). */
  private async find<T extends AdSlot | AdCampaign | AdCreative>(entity: new () => T, id: string, what: string, options: { softDeleted?: boolean; populate?: string[] } = {}): Promise<T> {
    const where = options.softDeleted === false ? { id: assertUuid(id, 'id') } : { id: assertUuid(id, 'id'), deletedAt: null };
    const row = await this.em.findOne(entity, where as never, { populate: (options.populate ?? []) as never });
    if (!row) throw new NotFoundError(`No ${what} with this id`);
    return row;
  }

  /** A row an input names: BAD_USER_INPUT naming the field when it does not exist. */
  private async reference<T extends AdCampaign | Media>(entity: new () => T, id: string, field: string): Promise<T> {
    // A deleted campaign takes no new creatives; media rows have no soft delete.
    const where = entity === AdCampaign ? { id: assertUuid(id, field), deletedAt: null } : { id: assertUuid(id, field) };
    const row = await this.em.findOne(entity, where as never);
    if (!row) throw new BadInputError(`"${field}" names nothing that exists`, field);
    return row;
  }

  private async references<T extends AdSlot | Category>(entity: new () => T, ids: readonly string[], field: string): Promise<T[]> {
    const wanted = idList(ids, field);
    const rows = wanted.length === 0 ? [] : await this.em.find(entity, { id: { $in: wanted } } as never);
    if (rows.length !== wanted.length) throw new BadInputError(`"${field}" names something that does not exist`, field);
    return rows;
  }

  private async save(key?: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The key "${key}" is already used by another slot`, { field: 'key' });
      throw error;
    }
    this.eligibility.changed();
  }
}
