import { Entity, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Article } from '../article';

/**
 * Views of one article on one newsroom day: what "most read today / this week / this month" ranks.
 * Written only by the view batch (view-store.ts), in the same transaction as the article's
 * total, so the two always agree.
 */
@Entity({ tableName: 'article_views_daily' })
// The period rankings read a range of days across all articles; the primary key serves one article's days.
@Index({ name: 'article_views_daily_day_article_idx', properties: ['day', 'article'] })
export class ArticleViewsDaily {
  [PrimaryKeyProp]?: ['article', 'day'];

  @ManyToOne(() => Article, { primary: true, deleteRule: 'cascade' })
  article!: Rel<Article>;

  /** The newsroom's calendar day (NEWSROOM_TIMEZONE), "2026-11-27". */
  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'integer' })
  views: Opt<number> = 0;
}
