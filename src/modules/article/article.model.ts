import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
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

  @Field(() => [String])
  tags!: string[];

  @Field(() => Int, { description: 'Total views ("Lượt xem")' })
  viewCount!: number;

  // Keys for the relation field resolvers; not GraphQL fields themselves.
  categoryId!: string;
  authorId!: string;
  coverImageId!: string | null;
  wordCount!: number;
}
