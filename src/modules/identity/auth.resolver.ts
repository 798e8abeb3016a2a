import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { AuthPayload } from './auth.model';
import { PASSWORD_RULE } from './password';
import { UserModel } from './user.model';
import { userIdOf } from './viewer';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Public. Repeated failures are throttled per account and per client address.' })
  login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return ctx.services.auth.login(email, password, ctx.clientAddress);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends the current session' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.auth.logout(ctx.viewer);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Also ends every other session of this user' })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String, { description: PASSWORD_RULE }) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.changePassword(ctx.viewer, currentPassword, newPassword);
  }

  @Query(() => UserModel, { nullable: true, description: 'The signed-in user, or null' })
  me(@Ctx() ctx: Context): Promise<UserModel | null> | null {
    const id = userIdOf(ctx.viewer);
    return id === null ? null : ctx.loaders.userById.load(id);
  }
}
