import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Media } from '../media';

/** The publication itself: one row. */
@Entity()
export class Site extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  /** The banner line under the masthead. */
  @Property({ type: 'text', nullable: true })
  tagline: string | null = null;

  @ManyToOne(() => Media, { nullable: true, deleteRule: 'set null' })
  bannerImage: Rel<Media> | null = null;

  /** The authorized sellers file served at /ads.txt (IAB ads.txt 1.1); null: none (404). */
  @Property({ type: 'text', nullable: true })
  adsTxt: string | null = null;
}
