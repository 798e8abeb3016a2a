import type { EntityManager } from '@mikro-orm/postgresql';
import net from 'node:net';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { ConnectionArgs, Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { refusedAddress, type AddressPolicy } from './address-policy';
import { Webhook, WEBHOOK_URL_MAX_LENGTH } from './webhook.entity';
import type { WebhookEvent } from './webhook-events';
import type { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveriesArgs } from './webhook.inputs';
import { DELIVERY_COLUMNS, WEBHOOK_COLUMNS, type CreatedWebhookModel, type WebhookDeliveryModel, type WebhookModel } from './webhook.model';
import { newSigningSecret } from './webhook-signing';

const WEBHOOK_ORDER: KeysetOrder = { kind: 'webhooks', keys: [{ sql: 'w.created_at', cast: 'timestamptz' }, { sql: 'w.id', cast: 'uuid' }], descending: true };
const DELIVERY_ORDER: KeysetOrder = { kind: 'webhook-deliveries', keys: [{ sql: 'd.created_at', cast: 'timestamptz' }, { sql: 'd.id', cast: 'uuid' }], descending: true };

/** Webhook subscriptions and their delivery log: admins only (the resolvers' role gate says so). */
export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly cursors: CursorCodec,
    private readonly policy: AddressPolicy,
  ) {}

  async create(input: CreateWebhookInput): Promise<CreatedWebhookModel> {
    const secret = newSigningSecret();
    const webhook = this.em.create(Webhook, { url: this.checkUrl(input.url), events: checkEvents(input.events), secret });
    await this.em.flush();
    return { webhook: await this.read(webhook.id), secret };
  }

  async update(id: string, input: UpdateWebhookInput): Promise<WebhookModel> {
    const webhook = await this.em.findOne(Webhook, assertUuid(id, 'id'));
    if (!webhook) throw new NotFoundError('No such webhook');
    if (input.url != null) webhook.url = this.checkUrl(input.url);
    if (input.events != null) webhook.events = checkEvents(input.events);
    if (input.active != null) webhook.active = input.active;
    await this.em.flush();
    return this.read(webhook.id);
  }

  /** Its deliveries go with it (pending ones are never sent). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.em.nativeDelete(Webhook, { id: assertUuid(id, 'id') });
    if (deleted === 0) throw new NotFoundError('No such webhook');
    return true;
  }

  list(args: ConnectionArgs): Promise<Page<WebhookModel>> {
    const query = this.em.getKnex()('webhook as w').select(WEBHOOK_COLUMNS);
    return keysetPage<WebhookModel>({ query, order: WEBHOOK_ORDER, cursors: this.cursors, args });
  }

  deliveries(webhookId: string, args: WebhookDeliveriesArgs): Promise<Page<WebhookDeliveryModel>> {
    const knex = this.em.getKnex();
    const { nextAttemptAt, ...columns } = DELIVERY_COLUMNS;
    const query = knex('webhook_delivery as d').select(columns, { nextAttemptAt: knex.raw(nextAttemptAt) }).where('d.webhook_id', webhookId);
    if (args.status) query.where('d.status', args.status);
    return keysetPage<WebhookDeliveryModel>({ query, order: DELIVERY_ORDER, cursors: this.cursors, args });
  }

  private async read(id: string): Promise<WebhookModel> {
    return (await this.em.getKnex()('webhook as w').first(WEBHOOK_COLUMNS).where('w.id', id)) as WebhookModel;
  }

  /**
   * An absolute http(s) URL without credentials (they would show in every list). A host written
   * as an IP address is checked against the outgoing guard now; names are checked on every send,
   * on the addresses they resolve to then.
   */
  private checkUrl(value: string): string {
    const raw = value.trim();
    if (textLength(raw) > WEBHOOK_URL_MAX_LENGTH) throw new BadInputError(`"url" must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`, 'url');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new BadInputError('"url" is not an absolute URL', 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadInputError('"url" must be an http or https URL', 'url');
    if (url.username !== '' || url.password !== '') throw new BadInputError('"url" must not contain a user name or password', 'url');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const refusal = net.isIP(host) ? refusedAddress(host, this.policy) : null;
    if (refusal) throw new BadInputError(`"url" is refused: ${refusal}`, 'url');
    return url.toString();
  }
}

function checkEvents(events: WebhookEvent[]): WebhookEvent[] {
  if (events.length === 0) throw new BadInputError('"events" must name at least one event', 'events');
  return [...new Set(events)];
}
