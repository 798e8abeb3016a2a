import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class CreateCategoryInput {
  @Field(() => String, { description: '1 to 120 characters' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Lower-case letters, digits and dashes; made from the name when absent' })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Absent or null: a top-level category' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order among siblings; absent: after the last one' })
  position?: number | null;
}

/** Absent fields stay as they are; `parentId: null` moves the category to the top level, `description: null` clears it. */
@InputType()
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Changes the category page URL' })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'null: top level. Not the category itself or one of its subcategories' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order among siblings; absent on a move: after the last one' })
  position?: number | null;
}
