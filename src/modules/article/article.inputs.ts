import { ConnectionArgs } from '../../shared/connection';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ArticleStatus } from './article.entity';
import { SEARCH_MAX_LENGTH } from './article.queries';
import './article.model'; // registers the ArticleStatus enum

export enum ArticleOrder {
  PUBLISHED_AT_DESC = 'PUBLISHED_AT_DESC',
  PUBLISHED_AT_ASC = 'PUBLISHED_AT_ASC',
  RELEVANCE = 'RELEVANCE',
  VIEWS_DESC = 'VIEWS_DESC',
}
registerEnumType(ArticleOrder, {
  name: 'ArticleOrder',
  valuesConfig: {
    RELEVANCE: { description: 'Best match first; requires filter.search' },
    VIEWS_DESC: { description: 'Most viewed first (total views, viewCount)' },
  },
});

@InputType()
export class ArticleFilter {
  @Field(() => String, { nullable: true, description: 'Articles in this category and its subcategories' })
  categorySlug?: string | null;

  @Field(() => ID, { nullable: true })
  authorId?: string | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => Date, { nullable: true })
  publishedAfter?: Date | null;

  @Field(() => Date, { nullable: true })
  publishedBefore?: Date | null;

  @Field(() => String, { nullable: true, description: `Accent-insensitive full-text search ("hien mau" finds "hiến máu"), at most ${SEARCH_MAX_LENGTH} characters` })
  search?: string | null;

  @Field(() => [ArticleStatus], {
    nullable: true,
    description:
      'Staff only beyond PUBLISHED (anonymous: FORBIDDEN). Authors get their own articles in these statuses plus published ones, editors all. ' +
      'Without it, lists hold published articles only, for everyone. Not-yet-published articles sort by creation time.',
  })
  status?: ArticleStatus[] | null;
}

/** Relay connection arguments plus filter and order; shared by Query.articles and Category.articles. */
@ArgsType()
export class ArticlePageArgs extends ConnectionArgs {
  @Field(() => ArticleOrder, { nullable: true, defaultValue: ArticleOrder.PUBLISHED_AT_DESC })
  orderBy?: ArticleOrder;
}

@ArgsType()
export class ArticlesArgs extends ArticlePageArgs {
  @Field(() => ArticleFilter, { nullable: true })
  filter?: ArticleFilter | null;
}

@ArgsType()
export class ArticleLookupArgs {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;
}
