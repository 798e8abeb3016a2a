import { Entity, Index, ManyToOne, Property, Unique, type Rel, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

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
