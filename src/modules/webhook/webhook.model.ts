import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryStatus } from './webhook.entity';
import { WebhookEvent } from './webhook-events';

registerEnumType(DeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: to be sent (again); DELIVERED: answered 2xx; FAILED: refused by the address guard, or out of attempts',
});

@ObjectType('Webhook', { description: 'Admins only. The signing secret is shown once, by createWebhook' })
export class WebhookModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [WebhookEvent])
  events!: WebhookEvent[];

  @Field(() => Boolean, { description: 'false: nothing new is written for it, and its pending deliveries wait' })
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const WEBHOOK_COLUMNS = {
  id: 'w.id',
  url: 'w.url',
  events: 'w.events',
  active: 'w.active',
  createdAt: 'w.created_at',
  updatedAt: 'w.updated_at',
};

@ObjectType('WebhookDelivery', { description: 'One notification to one webhook, and how sending it went' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'Also the `webhook-id` header and the body’s `id`: receivers deduplicate by it' })
  id!: string;

  @Field(() => WebhookEvent)
  event!: WebhookEvent;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer; null when none came (refused, timeout, connection error)' })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (its start)' })
  lastError!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'While PENDING: when it is due (or, during an attempt, when that attempt’s claim runs out)' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;
}

export const DELIVERY_COLUMNS = {
  id: 'd.id',
  event: 'd.event',
  status: 'd.status',
  attempts: 'd.attempts',
  responseStatus: 'd.response_status',
  lastError: 'd.last_error',
  createdAt: 'd.created_at',
  lastAttemptAt: 'd.last_attempt_at',
  nextAttemptAt: "case when d.status = 'PENDING' then d.next_attempt_at end",
  deliveredAt: 'd.delivered_at',
};

@ObjectType('CreatedWebhook')
export class CreatedWebhookModel {
  @Field(() => WebhookModel)
  webhook!: WebhookModel;

  @Field(() => String, { description: 'The signing secret: shown this once, keep it with the receiver' })
  secret!: string;
}
