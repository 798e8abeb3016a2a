import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArticleStatus } from './article.entity';
import { ArticleRevisionAction } from './article-revision.entity';
import './article.model'; // registers the ArticleStatus enum

registerEnumType(ArticleRevisionAction, { name: 'ArticleRevisionAction', description: 'What a saved change of an article did' });

@ObjectType('ArticleSnapshot', { description: 'The content of an article right after a change' })
export class ArticleSnapshotModel {
  @Field(() => String)
  title!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  excerpt!: string;

  @Field(() => String, { description: 'Sanitized HTML' })
  body!: string;

  @Field(() => ID)
  categoryId!: string;

  @Field(() => ID, { nullable: true })
  coverImageId!: string | null;

  @Field(() => String, { nullable: true, description: 'The article’s own cover alt text (null: the image’s own)' })
  coverAlt!: string | null;

  @Field(() => String, { nullable: true, description: 'The article’s own cover caption (null: the image’s own)' })
  coverCaption!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => ArticleStatus)
  status!: ArticleStatus;

  @Field(() => Date, { nullable: true })
  publishedAt!: string | null;
}

@ObjectType('ArticleRevision', { description: 'One saved change of an article' })
export class ArticleRevisionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ArticleRevisionAction)
  action!: ArticleRevisionAction;

  @Field(() => [String], { description: 'The fields this change touched' })
  changedFields!: string[];

  @Field(() => Int, { description: 'The article’s version after this change' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'The review note of REQUEST_CHANGES, what a REVERT went back to' })
  note!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ArticleSnapshotModel)
  snapshot!: ArticleSnapshotModel;

  // Keys for the relation field resolvers.
  articleId!: string;
  actorId!: string | null;
}

export const REVISION_COLUMNS = {
  id: 'r.id',
  action: 'r.action',
  changedFields: 'r.changed_fields',
  version: 'r.version',
  note: 'r.note',
  createdAt: 'r.created_at',
  snapshot: 'r.snapshot',
  articleId: 'r.article_id',
  actorId: 'r.actor_id',
};
