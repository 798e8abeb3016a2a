import { Entity, Index, ManyToOne, Property, Unique, type Rel, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

/** In characters: code points after NFC (shared/text.ts textLength). */
export const CATEGORY_NAME_MAX = 120;
export const CATEGORY_DESCRIPTION_MAX = 2_000;

@Entity()
export class Category extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @ManyToOne(() => Category, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent: Rel<Category> | null = null;

  /** Order among siblings. */
  @Property({ type: 'integer' })
  position: Opt<number> = 0;
}
