import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('Category')
export class CategoryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int, { description: 'Order among siblings' })
  position!: number;

  parentId!: string | null;
}

export const CATEGORY_COLUMNS = {
  id: 'c.id',
  name: 'c.name',
  slug: 'c.slug',
  description: 'c.description',
  position: 'c.position',
  parentId: 'c.parent_id',
};
