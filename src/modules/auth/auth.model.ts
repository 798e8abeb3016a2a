import { Field, ObjectType } from 'type-graphql';
import { UserModel } from '../user/user.model';

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <token>". Shown once; only its hash is stored.' })
  token!: string;

  @Field(() => Date, { description: 'The latest this session can last; it also ends after a period without use' })
  expiresAt!: Date;

  @Field(() => UserModel)
  user!: UserModel;
}
