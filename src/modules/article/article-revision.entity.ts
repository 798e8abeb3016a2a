import { ArrayType, Entity, Enum, ManyToOne, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { User } from '../identity';
import { Article, type ArticleStatus } from './article.entity';

export enum ArticleRevisionAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  SUBMIT = 'SUBMIT',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  PUBLISH = 'PUBLISH',
  SCHEDULE = 'SCHEDULE',
  UNPUBLISH = 'UNPUBLISH',
  ARCHIVE = 'ARCHIVE',
  DELETE = 'DELETE',
  RESTORE = 'RESTORE',
  REVERT = 'REVERT',
  /** Written by the scheduler (actor null) when an embargo's time came. */
  LIFT_EMBARGO = 'LIFT_EMBARGO',
  /** Written by the bulletin importer (actor null): the article created or updated from a scraped page. */
  IMPORT = 'IMPORT',
}

/** The content fields of an article after a change, as stored in a revision (JSON). */
export interface ArticleSnapshot {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  categoryId: string;
  coverImageId: string | null;
  /** Absent in revisions saved before articles had their own cover text. */
  coverAlt?: string | null;
  coverCaption?: string | null;
  tags: string[];
  status: ArticleStatus;
  /** ISO 8601. */
  publishedAt: string | null;
}

/**
 * One saved change of an article, written in the same transaction as the change. Every change bumps
 * the article's version, so (article, version) is unique: a change can never be recorded twice.
 */
@Entity()
@Unique({ properties: ['article', 'version'] })
export class ArticleRevision extends BaseEntity {
  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  article!: Rel<Article>;

  /** Who made the change; null for the scheduler and the importer (action IMPORT). */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  actor: Rel<User> | null = null;

  @Enum({ items: () => ArticleRevisionAction })
  action!: ArticleRevisionAction;

  @Property({ type: ArrayType, columnType: 'text[]' })
  changedFields: Opt<string[]> = [];

  @Property({ type: 'json' })
  snapshot!: ArticleSnapshot;

  /** The article's version after the change. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
