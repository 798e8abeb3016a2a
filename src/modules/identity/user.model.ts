import { Authorized, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from './roles';

registerEnumType(Role, { name: 'Role', description: 'What a staff member may do' });

/** A person. The public sees displayName and slug; email, role and status are for staff only. */
@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  slug!: string;

  @Authorized()
  @Field(() => String, { nullable: true, description: 'Staff only' })
  email!: string;

  @Authorized()
  @Field(() => Role, { nullable: true, description: 'Staff only' })
  role!: Role;

  @Authorized()
  @Field(() => Boolean, { nullable: true, description: 'Staff only' })
  active!: boolean;

  @Authorized()
  @Field(() => Date, { nullable: true, description: 'Staff only' })
  createdAt!: Date;
}

export const USER_COLUMNS = {
  id: 'u.id',
  displayName: 'u.display_name',
  slug: 'u.slug',
  email: 'u.email',
  role: 'u.role',
  active: 'u.active',
  createdAt: 'u.created_at',
};
