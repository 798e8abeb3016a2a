import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

@Entity()
export class Media extends BaseEntity {
  /** Generated storage name (content hash + extension); never derived from a client file name. */
  @Property({ type: 'text' })
  @Unique()
  storageKey!: string;

  /** The uploader's file name, kept as metadata only. */
  @Property({ type: 'text', nullable: true })
  originalName: string | null = null;

  @Property({ type: 'text' })
  mimeType!: string;

  @Property({ type: 'integer' })
  bytes!: number;

  @Property({ type: 'integer', nullable: true })
  width: number | null = null;

  @Property({ type: 'integer', nullable: true })
  height: number | null = null;

  @Property({ type: 'text' })
  @Unique()
  sha256!: string;

  @Property({ type: 'text', nullable: true })
  alt: string | null = null;

  @Property({ type: 'text', nullable: true })
  caption: string | null = null;
}
