import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './roles';

/**
 * The account that has just logged in. Not `User`: the login request itself carries no token, so
 * User's staff-only fields (email, role) would be hidden from the very person who proved the password.
 */
@ObjectType('SignedInUser')
export class SignedInUser {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Role)
  role!: Role;
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>". Shown once; only its hash is stored.' })
  token!: string;

  @Field(() => Date, { description: 'The latest this session can last; it also ends after a period without use' })
  expiresAt!: Date;

  @Field(() => SignedInUser)
  user!: SignedInUser;
}
