import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

export interface AdSize {
  width: number;
  height: number;
}

/** A place on the page where ads show ("sidebar-1"), with the creative sizes it accepts. */
@Entity()
export class AdSlot extends BaseEntity {
  /** Stable: frontends ask for the slot by it. */
  @Property({ type: 'text' })
  @Unique()
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'jsonb' })
  sizes!: AdSize[];

  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;
}
