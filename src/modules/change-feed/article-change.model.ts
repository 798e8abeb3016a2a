import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../shared/connection';
import type { ArticleChangeKind } from '../article';

/** The article module's change kinds, as a GraphQL enum (the record keeps the two in step). */
export const ArticleChangeKindEnum = {
  PUBLISHED: 'PUBLISHED',
  UPDATED: 'UPDATED',
  UNPUBLISHED: 'UNPUBLISHED',
  EMBARGO_LIFTED: 'EMBARGO_LIFTED',
} as const satisfies { [K in ArticleChangeKind]: K };

registerEnumType(ArticleChangeKindEnum, {
  name: 'ArticleChangeKind',
  description: 'How a change altered what the public sees of an article',
  valuesConfig: {
    PUBLISHED: { description: 'It became public: fetch it and add it' },
    UPDATED: { description: 'It changed while public: fetch it again' },
    UNPUBLISHED: { description: 'A tombstone: unpublished, archived or deleted; remove it' },
    EMBARGO_LIFTED: { description: 'Its embargo ended and it became public: fetch it and add it' },
  },
});

@ObjectType('ArticleChange')
export class ArticleChangeModel {
  @Field(() => ID)
  articleId!: string;

  @Field(() => ArticleChangeKindEnum)
  kind!: ArticleChangeKind;

  @Field(() => Date, { description: 'When the change was made' })
  at!: Date;
}

@ArgsType()
export class ArticleChangesArgs {
  @Field(() => String, { nullable: true, description: 'The endCursor of the last page read; none: from the first change' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;
}
