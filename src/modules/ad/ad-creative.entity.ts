import { Entity, Index, ManyToOne, Property, type Opt, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Media } from '../media';
import { AdCampaign } from './ad-campaign.entity';

/** One ad of a campaign: an image, its alt text and where a click goes. */
@Entity()
export class AdCreative extends BaseEntity {
  @ManyToOne(() => AdCampaign, { deleteRule: 'restrict' })
  @Index()
  campaign!: Rel<AdCampaign>;

  @ManyToOne(() => Media, { deleteRule: 'restrict' })
  @Index()
  image!: Rel<Media>;

  @Property({ type: 'text' })
  alt!: string;

  /** http or https only; the click redirect goes here and nowhere else. */
  @Property({ type: 'text' })
  clickUrl!: string;

  @Property({ type: 'integer' })
  width!: number;

  @Property({ type: 'integer' })
  height!: number;

  @Property({ type: 'integer' })
  weight: Opt<number> = 1;

  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
