import { Collection, Entity, Enum, ManyToMany, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Category } from '../category';
import { AdCampaignStatus, AdPriority, CapPeriod } from './ad.enums';
import { AdSlot } from './ad-slot.entity';

/** What an advertiser bought (or a house campaign): when, how much, to whom, and in which slots. */
@Entity()
export class AdCampaign extends BaseEntity {
  @Property({ type: 'text' })
  advertiser!: string;

  @Enum({ items: () => AdPriority })
  priority!: AdPriority;

  @Enum({ items: () => AdCampaignStatus })
  status: Opt<AdCampaignStatus> = AdCampaignStatus.DRAFT;

  @Property({ type: 'timestamptz', nullable: true })
  startsAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  endsAt: Date | null = null;

  @Property({ type: 'integer' })
  weight: Opt<number> = 1;

  /** Counted impressions after which the campaign stops serving. */
  @Property({ type: 'integer', nullable: true })
  impressionGoal: number | null = null;

  /** Frequency cap: at most capMax servings per visitor per capPeriod (both or neither). */
  @Property({ type: 'integer', nullable: true })
  capMax: number | null = null;

  @Enum({ items: () => CapPeriod, nullable: true })
  capPeriod: CapPeriod | null = null;

  @ManyToMany(() => AdSlot, undefined, { pivotTable: 'ad_campaign_slot', joinColumn: 'campaign_id', inverseJoinColumn: 'slot_id' })
  slots = new Collection<AdSlot>(this);

  /** Empty: every page. Otherwise pages of these categories and their subcategories. */
  @ManyToMany(() => Category, undefined, { pivotTable: 'ad_campaign_category', joinColumn: 'campaign_id', inverseJoinColumn: 'category_id' })
  targetCategories = new Collection<Category>(this);

  /** Soft delete: the campaign stops serving and leaves the lists; its stats stay. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
