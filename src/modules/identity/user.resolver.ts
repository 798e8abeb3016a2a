import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { connectionType } from '../../shared/connection';
import { Role } from './roles';
import { CreateUserInput, UpdateUserInput, UsersArgs } from './user.inputs';
import { UserModel } from './user.model';

const { Connection: UserConnection } = connectionType(UserModel, 'User');
type UserConnection = InstanceType<typeof UserConnection>;

@Resolver(() => UserModel)
export class UserResolver {
  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, { description: 'Admins only' })
  async users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context): Promise<UserConnection> {
    return UserConnection.from(await ctx.services.users.list(args));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserModel)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserModel> {
    return ctx.services.users.create(input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserModel, { description: 'A role change or deactivation applies to the user’s very next request' })
  updateUser(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: Context): Promise<UserModel> {
    return ctx.services.users.update(id, input);
  }
}
