import { ArrayType, Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';

/** What a key may do beyond reading published content. */
export enum ApiKeyScope {
  /** Also read articles under embargo, before the public. */
  EMBARGOED = 'embargoed',
}

export const API_KEY_NAME_MAX_LENGTH = 100;
export const API_KEY_RATE_LIMIT_MAX = 100_000;

/** A partner's or a frontend's key. The secret is never stored: only its SHA-256 (see api-key-secret.ts). */
@Entity()
export class ApiKey extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  /** The start of the key, shown in lists so a key can be told apart (and found when it leaks). */
  @Property({ type: 'text' })
  @Unique()
  prefix!: string;

  @Property({ type: 'text', hidden: true })
  @Unique()
  secretHash!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  scopes: Opt<string[]> = [];

  @Property({ type: 'integer' })
  rateLimitPerMinute!: number;

  /** Written at most once a minute (api-key-auth.ts), not on every request. */
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
