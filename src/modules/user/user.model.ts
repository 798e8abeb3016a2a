import { Field, ID, ObjectType } from 'type-graphql';

/** A person as the public sees them: staff-only fields come with the editorial side. */
@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  slug!: string;
}

export const USER_PUBLIC_COLUMNS = { id: 'u.id', displayName: 'u.display_name', slug: 'u.slug' };
