import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One change to what the public sees of an article, written by recordArticleChange in the
 * transaction of the change itself. No foreign key: a tombstone outlives its article.
 */
@Entity({ tableName: 'article_change' })
@Index({ name: 'article_change_feed_idx', properties: ['txid', 'seq'] })
export class ArticleChangeLog {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq!: string;

  /** pg_current_xact_id() of the writing transaction: the feed serves a row only once every transaction before it has ended. */
  @Property({ type: 'bigint' })
  txid!: string;

  @Property({ type: 'uuid' })
  articleId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;
}
