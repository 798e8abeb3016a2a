import { Entity, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Opt, type Rel } from '@mikro-orm/core';
import { AdCreative } from './ad-creative.entity';
import { AdSlot } from './ad-slot.entity';

/**
 * What one creative did in one slot in one hour of the newsroom's clock (NEWSROOM_TIMEZONE, local
 * time without zone): the day of a bucket is its date, in any zone. Written only by the counting
 * batches (ad-counting.ts), one statement per batch.
 */
@Entity({ tableName: 'ad_stats_hourly' })
@Index({ name: 'ad_stats_hourly_hour_idx', properties: ['hour'] })
export class AdStatsHourly {
  [PrimaryKeyProp]?: ['creative', 'slot', 'hour'];

  @ManyToOne(() => AdCreative, { primary: true, deleteRule: 'cascade' })
  creative!: Rel<AdCreative>;

  @ManyToOne(() => AdSlot, { primary: true, deleteRule: 'cascade' })
  slot!: Rel<AdSlot>;

  /** The start of the hour, newsroom local time: "2026-11-27 14:00:00". */
  @PrimaryKey({ type: 'string', columnType: 'timestamp(0)' })
  hour!: string;

  @Property({ type: 'integer' })
  served: Opt<number> = 0;

  @Property({ type: 'integer' })
  impressions: Opt<number> = 0;

  @Property({ type: 'integer' })
  viewable: Opt<number> = 0;

  @Property({ type: 'integer' })
  clicks: Opt<number> = 0;
}
