import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { User } from '../identity';

@Entity()
@Index({ name: 'media_created_at_id_index', properties: ['createdAt', 'id'] })
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

  /** Size of the stored original. */
  @Property({ type: 'integer' })
  bytes!: number;

  @Property({ type: 'integer', nullable: true })
  width: number | null = null;

  @Property({ type: 'integer', nullable: true })
  height: number | null = null;

  /** SHA-256 of the stored original (after metadata stripping): its content address. */
  @Property({ type: 'text' })
  @Unique()
  sha256!: string;

  /** SHA-256 of the bytes as uploaded: the same file uploaded again finds this row without any image work. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  uploadSha256: string | null = null;

  /** Who uploaded it; null for seeded media (and when the account is deleted). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  @Index()
  uploadedBy: Rel<User> | null = null;

  @Property({ type: 'text', nullable: true })
  alt: string | null = null;

  @Property({ type: 'text', nullable: true })
  caption: string | null = null;
}
