import { ConnectionArgs } from '../../shared/connection';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PASSWORD_RULE } from './password';
import { Role } from './roles';
import { DISPLAY_NAME_MAX, EMAIL_MAX_LENGTH } from './user.entity';

@InputType()
export class CreateUserInput {
  @Field(() => String, { description: `At most ${EMAIL_MAX_LENGTH} characters` })
  email!: string;

  @Field(() => String, { description: `1 to ${DISPLAY_NAME_MAX} characters` })
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { description: PASSWORD_RULE })
  password!: string;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: `1 to ${DISPLAY_NAME_MAX} characters` })
  displayName?: string | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'false ends every session of the user at once' })
  active?: boolean | null;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true })
  role?: Role | null;
}
