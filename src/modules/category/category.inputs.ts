import { Field, ID, InputType, Int } from 'type-graphql';
import { SLUG_MAX_LENGTH } from '../../shared/slugify';
import { formatCount } from '../../shared/text';
import { CATEGORY_DESCRIPTION_MAX, CATEGORY_NAME_MAX } from './category.entity';

const SLUG = `Lower-case letters, digits and dashes, at most ${SLUG_MAX_LENGTH} characters`;
const DESCRIPTION = `Plain text, at most ${formatCount(CATEGORY_DESCRIPTION_MAX)} characters`;

@InputType()
export class CreateCategoryInput {
  @Field(() => String, { description: `1 to ${CATEGORY_NAME_MAX} characters` })
  name!: string;

  @Field(() => String, { nullable: true, description: `${SLUG}; made from the name when absent` })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: DESCRIPTION })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Absent or null: a top-level category' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order among siblings; absent: after the last one' })
  position?: number | null;
}

/** Absent fields stay as they are; `parentId: null` moves the category to the top level, `description: null` clears it. */
@InputType()
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true, description: `1 to ${CATEGORY_NAME_MAX} characters` })
  name?: string | null;

  @Field(() => String, { nullable: true, description: `${SLUG}. Changes the category page URL` })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: `${DESCRIPTION}; null or empty: none` })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'null: top level. Not the category itself or one of its subcategories' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order among siblings; absent on a move: after the last one' })
  position?: number | null;
}
