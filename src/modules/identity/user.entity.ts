import { Entity, Enum, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Role } from './roles';

/** In characters: code points after NFC (shared/text.ts textLength). No real address is longer. */
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX = 120;

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  /** Stored lower-cased: emails compare case-insensitively. */
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @Enum({ items: () => Role })
  @Index()
  role: Opt<Role> = Role.AUTHOR;

  /** bcrypt hash; hidden from serialization and never a GraphQL field. */
  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;
}
