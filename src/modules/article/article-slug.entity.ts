import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Article } from './article.entity';

/**
 * A slug an article had before an editor renamed it. Old URLs keep resolving to the article, and no
 * other article may take the slug.
 */
@Entity()
export class ArticleSlug extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  slug!: string;

  @ManyToOne(() => Article, { deleteRule: 'cascade' })
  @Index()
  article!: Rel<Article>;
}
