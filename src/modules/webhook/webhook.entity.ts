import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import type { WebhookEvent } from './webhook-events';

export const WEBHOOK_URL_MAX_LENGTH = 2_000;

/** A subscriber: where to POST, which events, and the secret deliveries are signed with. */
@Entity()
export class Webhook extends BaseEntity {
  @Property({ type: 'text' })
  url!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  events!: WebhookEvent[];

  /**
   * Kept as written (not hashed): every delivery is signed with it (HMAC needs the key itself).
   * Shown once by createWebhook, never a GraphQL field.
   */
  @Property({ type: 'text', hidden: true, lazy: true })
  secret!: string;

  /** Inactive: no new deliveries are written for it, and pending ones wait. */
  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

/**
 * The outbox: one row per (webhook, notification), written in the transaction of the change.
 * The worker claims due rows with FOR UPDATE SKIP LOCKED; all its state (attempts, next time) is here.
 */
// What the worker polls: only rows still to send, in due order.
@Index({
  name: 'webhook_delivery_due_idx',
  expression: 'create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at") where status = \'PENDING\'',
})
@Index({ properties: ['webhook', 'createdAt', 'id'] })
@Entity()
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => Webhook, { deleteRule: 'cascade' })
  webhook!: Rel<Webhook>;

  @Property({ type: 'text' })
  event!: WebhookEvent;

  /** The exact JSON text sent (and signed) on every attempt. */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => DeliveryStatus })
  status: Opt<DeliveryStatus> = DeliveryStatus.PENDING;

  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  /** Due time while PENDING; while an attempt runs, the end of its lease (no other worker takes it before). */
  @Property({ type: 'timestamptz' })
  nextAttemptAt: Opt<Date> = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();
}
