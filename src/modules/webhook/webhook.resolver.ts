import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ConnectionArgs, connectionType } from '../../shared/connection';
import type { Plain } from '../../shared/plain';
import { Role } from '../identity';
import { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveriesArgs } from './webhook.inputs';
import { CreatedWebhookModel, WebhookDeliveryModel, WebhookModel } from './webhook.model';

const { Connection: WebhookConnection } = connectionType(WebhookModel, 'Webhook');
type WebhookConnection = InstanceType<typeof WebhookConnection>;
const { Connection: WebhookDeliveryConnection } = connectionType(WebhookDeliveryModel, 'WebhookDelivery');
type WebhookDeliveryConnection = InstanceType<typeof WebhookDeliveryConnection>;

@Resolver(() => WebhookModel)
export class WebhookResolver {
  @Authorized(Role.ADMIN)
  @Query(() => WebhookConnection, { description: 'Admins only; newest first' })
  async webhooks(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<WebhookConnection> {
    return WebhookConnection.from(await ctx.services.webhooks.list(args));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedWebhookModel, { description: 'Admins only. The answer holds the signing secret, shown this once' })
  createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<CreatedWebhookModel> {
    return ctx.services.webhooks.create(input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WebhookModel, { description: 'Admins only' })
  updateWebhook(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput, @Ctx() ctx: Context): Promise<WebhookModel> {
    return ctx.services.webhooks.update(id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: 'Admins only. Its deliveries, pending ones included, go with it' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.webhooks.delete(id);
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Newest first' })
  async deliveries(@Root() webhook: Plain<WebhookModel>, @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs, @Ctx() ctx: Context): Promise<WebhookDeliveryConnection> {
    return WebhookDeliveryConnection.from(await ctx.services.webhooks.deliveries(webhook.id, args));
  }
}
