import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArticleStatus } from './article.entity';

registerEnumType(ArticleStatus, { name: 'ArticleStatus', description: 'Where an article is in the editorial workflow' });

/** An article as the API shows it: a plain row, filled by lean SQL on public paths. */
@ObjectType('Article')
export class ArticleModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'The lead (sapo), plain text' })
  excerpt!: string;

  @Field(() => String, { description: 'Sanitized HTML' })
  body!: string;

  @Field(() => ArticleStatus)
  status!: ArticleStatus;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Set while the article is under embargo: until then only staff and API keys with the EMBARGOED scope see it; cleared when the embargo ends',
  })
  embargoedUntil!: Date | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => Int, { description: 'Total views ("Lượt xem")' })
  viewCount!: number;

  @Field(() => Int, { description: 'Goes up with every saved change; send it back with updateArticle and revertArticle' })
  version!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Authorized()
  @Field(() => Date, { nullable: true, description: 'Staff only. Set while the article is in the trash (editors still find it by id)' })
  deletedAt!: Date | null;

  // Keys for the relation field resolvers; not GraphQL fields themselves.
  categoryId!: string;
  authorId!: string;
  coverImageId!: string | null;
  /** The article's own cover alt and caption; Article.coverAlt / coverCaption fall back to the media's. */
  coverAlt!: string | null;
  coverCaption!: string | null;
  wordCount!: number;
  /** Resolved by Article.reviewNote for editors and the author only. */
  reviewNote!: string | null;
}
