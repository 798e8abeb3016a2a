import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionArgs, connectionType } from '../../shared/connection';
import { CreateApiKeyInput } from './api-key.inputs';
import { ApiKeyModel, CreateApiKeyPayload } from './api-key.model';
import { Role } from './roles';

const { Connection: ApiKeyConnection } = connectionType(ApiKeyModel, 'ApiKey');
type ApiKeyConnection = InstanceType<typeof ApiKeyConnection>;

@Resolver(() => ApiKeyModel)
export class ApiKeyResolver {
  @Authorized(Role.ADMIN)
  @Query(() => ApiKeyConnection, { description: 'Admins only. Newest first; revoked keys included' })
  async apiKeys(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<ApiKeyConnection> {
    return ApiKeyConnection.from(await ctx.services.apiKeys.list(args));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateApiKeyPayload, { description: 'Admins only. The secret key is in this answer only' })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<CreateApiKeyPayload> {
    return ctx.services.apiKeys.create(input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKeyModel, { description: 'Admins only. The key stops working from its next request, on every instance' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKeyModel> {
    return ctx.services.apiKeys.revoke(id);
  }
}
