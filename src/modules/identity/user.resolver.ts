import { Arg, Args, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { PageInfo } from '../../shared/connection';
import { Role } from './roles';
import { CreateUserInput, UpdateUserInput, UsersArgs } from './user.inputs';
import { UserModel } from './user.model';

@ObjectType('UserEdge')
class UserEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => UserModel)
  node!: UserModel;
}

@ObjectType('UserConnection')
class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => [UserModel])
  nodes!: UserModel[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@Resolver(() => UserModel)
export class UserResolver {
  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, { description: 'Admins only' })
  async users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context): Promise<UserConnection> {
    const page = await ctx.services.users.list(args);
    const pageInfo = {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.edges[0]?.cursor ?? null,
      endCursor: page.edges.at(-1)?.cursor ?? null,
    };
    return { edges: page.edges, nodes: page.nodes, pageInfo };
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
