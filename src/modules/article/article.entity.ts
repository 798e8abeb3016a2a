import { ArrayType, Entity, Enum, Index, ManyToOne, Property, Unique, type Rel, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Category } from '../category';
import { Media } from '../media';
import { User } from '../identity';

export enum ArticleStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  SCHEDULED = 'SCHEDULED',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export const TITLE_MAX_LENGTH = 300;
export const EXCERPT_MAX_LENGTH = 2_000;

// The public listing index: published rows in keyset order.
@Index({
  name: 'article_public_feed_idx',
  expression:
    'create index "article_public_feed_idx" on "article" ("published_at" desc, "id" desc) where status = \'PUBLISHED\' and deleted_at is null',
})
// A category page: its published rows in keyset order.
@Index({
  name: 'article_category_feed_idx',
  expression:
    'create index "article_category_feed_idx" on "article" ("category_id", "published_at" desc, "id" desc) where status = \'PUBLISHED\' and deleted_at is null',
})
// Accent-insensitive full text over title, excerpt and body text, indexed on the stored document.
@Index({ name: 'article_search_idx', expression: 'create index "article_search_idx" on "article" using gin ("search_document")' })
// The scheduler's look for embargoes to lift: only the few embargoed rows are in it.
@Index({
  name: 'article_embargo_idx',
  expression: 'create index "article_embargo_idx" on "article" ("embargoed_until") where embargoed_until is not null',
})
@Index({ name: 'article_tags_idx', expression: 'create index "article_tags_idx" on "article" using gin (tags)' })
@Entity()
export class Article extends BaseEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  /** The lead (sapo), plain text. */
  @Property({ type: 'text' })
  excerpt: Opt<string> = '';

  /** Sanitized HTML. */
  @Property({ type: 'text' })
  body: Opt<string> = '';

  /** Plain text of the body, kept for search and reading time. */
  @Property({ type: 'text', lazy: true })
  bodyText: Opt<string> = '';

  /**
   * The full-text document (title, excerpt, body text; tones folded by bulletin_unaccent), computed
   * by PostgreSQL on every write. Stored, not an expression index: a search that walks the public
   * feed in date order tests each row against it, and recomputing to_tsvector over a 6 KB body
   * costs ~0.7 ms a row where reading the stored vector costs microseconds.
   */
  @Property({
    columnType: 'tsvector',
    generated: "(to_tsvector('simple'::regconfig, bulletin_unaccent(title || ' ' || excerpt || ' ' || body_text))) stored",
    lazy: true,
    hidden: true,
    nullable: true,
  })
  searchDocument?: Opt<string>;

  /** Words in the body text, for reading time. */
  @Property({ type: 'integer' })
  wordCount: Opt<number> = 0;

  @Enum({ items: () => ArticleStatus })
  status: Opt<ArticleStatus> = ArticleStatus.DRAFT;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @ManyToOne(() => Category, { deleteRule: 'restrict' })
  @Index()
  category!: Rel<Category>;

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  @Index()
  author!: Rel<User>;

  @ManyToOne(() => Media, { nullable: true, deleteRule: 'set null' })
  coverImage: Rel<Media> | null = null;

  /**
   * Alt text of the cover where this article uses it; null: the media's own alt. One image (the
   * same placeholder photo, deduplicated by hash) can illustrate several articles, each its own way.
   */
  @Property({ type: 'text', nullable: true })
  coverAlt: string | null = null;

  /** Caption of the cover in this article; null: the media's own caption. */
  @Property({ type: 'text', nullable: true })
  coverCaption: string | null = null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  tags: Opt<string[]> = [];

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;

  @Property({ type: 'integer' })
  viewCount: Opt<number> = 0;

  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  deletedAt: Date | null = null;

  /**
   * Until this time only API keys with the `embargoed` scope (and staff) see the published article;
   * the scheduler clears it when the time comes, which is what makes the article public.
   */
  @Property({ type: 'timestamptz', nullable: true })
  embargoedUntil: Date | null = null;

  /** An editor's request for changes, shown to the author (staff only). */
  @Property({ type: 'text', nullable: true })
  reviewNote: string | null = null;
}
