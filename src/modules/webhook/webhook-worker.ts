import type { Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../../config';
import type { Metrics } from '../../shared/metrics';
import { startPollingLoop } from '../../shared/polling-loop';
import { guardedPost, RequestRefusedError, type PostAnswer } from './guarded-post';
import { DeliveryStatus } from './webhook.entity';
import { signatureHeaders } from './webhook-signing';

/** Deliveries claimed per round; a full batch is followed at once by the next. */
export const DELIVERY_BATCH_SIZE = 10;
export const MAX_REDIRECTS = 3;
const LAST_ERROR_MAX = 500;
/** Beyond the longest an attempt can take (every hop timing out), so a lease never ends while its attempt runs. */
const LEASE_MARGIN_MS = 30_000;

interface Claimed {
  id: string;
  webhookId: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

interface Outcome {
  status: DeliveryStatus;
  responseStatus: number | null;
  lastError: string | null;
  /** For a retry: how long until the next attempt. */
  retryInMs?: number;
}

/**
 * Claims due deliveries: FOR UPDATE SKIP LOCKED picks rows no other worker is claiming, and the
 * same statement counts the attempt and moves next_attempt_at to the end of a lease. Committed at
 * once, so no transaction stays open during the HTTP request; another instance (or this one after
 * a crash) takes the row again only once the lease has run out.
 */
export async function claimDueDeliveries(knex: Knex, leaseMs: number, batchSize = DELIVERY_BATCH_SIZE): Promise<Claimed[]> {
  const result = (await knex.raw(
    `update webhook_delivery d
        set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ? * interval '1 millisecond'
       from webhook w
      where w.id = d.webhook_id
        and d.id in (select q.id from webhook_delivery q join webhook qw on qw.id = q.webhook_id and qw.active
                      where q.status = 'PENDING' and q.next_attempt_at <= now()
                      order by q.next_attempt_at limit ? for update of q skip locked)
      returning d.id, w.id as "webhookId", d.body, d.attempts, w.url, w.secret`,
    [leaseMs, batchSize],
  )) as { rows: Claimed[] };
  return result.rows;
}

/** Exponential backoff with jitter: about base·2^(attempt−1), capped, drawn from its upper half so retries of many rows spread out. */
export function retryDelayMs(attempt: number, config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What one attempt's answer (or failure) means for the delivery. */
export function outcomeOf(attempt: number, config: WebhookConfig, answer: PostAnswer | undefined, error: unknown): Outcome {
  if (answer && answer.status >= 200 && answer.status < 300) return { status: DeliveryStatus.DELIVERED, responseStatus: answer.status, lastError: null };
  const lastError = answer ? `HTTP ${answer.status}${answer.body ? `: ${answer.body}` : ''}` : errorText(error);
  const responseStatus = answer?.status ?? null;
  // CASE: a refused address or scheme stays refused: retrying would only repeat the refusal.
  if (error instanceof RequestRefusedError || attempt >= config.maxAttempts) return { status: DeliveryStatus.FAILED, responseStatus, lastError: cleanError(lastError) };
  return { status: DeliveryStatus.PENDING, responseStatus, lastError: cleanError(lastError), retryInMs: retryDelayMs(attempt, config) };
}

function errorText(error: unknown): string {
  if (error instanceof RequestRefusedError) return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** A receiver's text can hold anything: no NUL (PostgreSQL text refuses it), bounded. */
function cleanError(text: string): string {
  return text.split('\u0000').join('').slice(0, LAST_ERROR_MAX);
}

/** Records an attempt; `attempts = ?` keeps a worker whose lease ran out from overwriting a newer attempt. */
async function recordOutcome(knex: Knex, delivery: Claimed, outcome: Outcome): Promise<void> {
  const delivered = outcome.status === DeliveryStatus.DELIVERED;
  await knex('webhook_delivery')
    .where({ id: delivery.id, attempts: delivery.attempts })
    .update({
      status: outcome.status,
      response_status: outcome.responseStatus,
      last_error: outcome.lastError,
      delivered_at: delivered ? knex.raw('now()') : null,
      next_attempt_at: outcome.retryInMs !== undefined ? knex.raw(`now() + ? * interval '1 millisecond'`, [outcome.retryInMs]) : knex.raw('now()'),
    });
}

export async function sendDelivery(knex: Knex, config: WebhookConfig, delivery: Claimed): Promise<Outcome> {
  let answer: PostAnswer | undefined;
  let failure: unknown;
  try {
    const headers = { ...signatureHeaders(delivery.secret, delivery.body, delivery.id, new Date()), 'user-agent': 'Bulletin-Webhooks/1' };
    answer = await guardedPost(delivery.url, delivery.body, headers, {
      policy: { allowLoopback: config.allowLoopback },
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      maxRedirects: MAX_REDIRECTS,
    });
  } catch (error) {
    failure = error;
  }
  const outcome = outcomeOf(delivery.attempts, config, answer, failure);
  await recordOutcome(knex, delivery, outcome);
  return outcome;
}

/**
 * One round: claim a batch, send it (in parallel), record each attempt; a delivery given up on is
 * logged (the webhook's id, not its URL, which may carry a token). Returns how many were claimed.
 */
export async function deliverDue(
  knex: Knex,
  config: WebhookConfig,
  log: Pick<Logger, 'warn'>,
  batchSize = DELIVERY_BATCH_SIZE,
  onAttempt: (status: DeliveryStatus) => void = () => {},
): Promise<number> {
  const leaseMs = config.timeoutMs * (MAX_REDIRECTS + 1) + LEASE_MARGIN_MS;
  const claimed = await claimDueDeliveries(knex, leaseMs, batchSize);
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await sendDelivery(knex, config, delivery);
      onAttempt(outcome.status);
      if (outcome.status === DeliveryStatus.FAILED) {
        log.warn({ webhookId: delivery.webhookId, deliveryId: delivery.id, attempts: delivery.attempts, lastError: outcome.lastError }, 'webhook delivery failed for good');
      }
    }),
  );
  return claimed.length;
}

export interface WebhookWorkerOptions {
  knex: Knex;
  config: WebhookConfig;
  log: Pick<Logger, 'error' | 'warn'>;
  metrics: Metrics;
}

const ATTEMPT_OUTCOMES: Record<DeliveryStatus, string> = { [DeliveryStatus.DELIVERED]: 'delivered', [DeliveryStatus.PENDING]: 'retry', [DeliveryStatus.FAILED]: 'failed' };

/**
 * Runs deliverDue now and then every pollIntervalMs (one round at a time per process). Every
 * instance may run one. Returns stop(): no new round starts, and it resolves once the round in
 * progress (its requests bounded by the timeout) has recorded its attempts.
 */
export function startWebhookWorker({ knex, config, log, metrics }: WebhookWorkerOptions): () => Promise<void> {
  const attempts = metrics.counter('webhook_delivery_attempts_total', 'Webhook delivery attempts by this instance, by outcome: delivered, retry (to be tried again), failed (given up)', ['outcome']);
  const count = (status: DeliveryStatus) => attempts.inc({ outcome: ATTEMPT_OUTCOMES[status] });
  return startPollingLoop(async () => {
    try {
      return (await deliverDue(knex, config, log, DELIVERY_BATCH_SIZE, count)) >= DELIVERY_BATCH_SIZE;
    } catch (error) {
      log.error({ err: error }, 'delivering webhooks failed');
      return false;
    }
  }, config.pollIntervalMs);
}

/**
 * The outbox as every instance shares it, counted at scrape time on the partial index of pending
 * rows: due now, or waiting for a retry's time. Registered whether or not this instance delivers.
 */
export function registerWebhookQueueGauge(metrics: Metrics, knex: Knex): void {
  metrics.gauge(
    'webhook_queue_depth',
    'Webhook deliveries not yet delivered or given up: due now, or waiting for a retry',
    async () => {
      const { rows } = (await knex.raw(
        `select count(*) filter (where next_attempt_at <= now())::int as due, count(*) filter (where next_attempt_at > now())::int as waiting
           from webhook_delivery where status = 'PENDING'`,
      )) as { rows: { due: number; waiting: number }[] };
      return [
        { labels: { state: 'due' }, value: rows[0].due },
        { labels: { state: 'waiting' }, value: rows[0].waiting },
      ];
    },
    ['state'],
  );
}
