import { ArgsType, Field, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../shared/connection';
import { DeliveryStatus, WEBHOOK_URL_MAX_LENGTH } from './webhook.entity';
import { WebhookEvent } from './webhook-events';

@InputType()
export class CreateWebhookInput {
  @Field(() => String, { description: `An http(s) URL of at most ${WEBHOOK_URL_MAX_LENGTH} characters, without user or password` })
  url!: string;

  @Field(() => [WebhookEvent], { description: 'At least one' })
  events!: WebhookEvent[];
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookEvent], { nullable: true })
  events?: WebhookEvent[] | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => DeliveryStatus, { nullable: true })
  status?: DeliveryStatus | null;
}
