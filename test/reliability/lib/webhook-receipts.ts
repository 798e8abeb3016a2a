import { signatureIsValid, type ReceivedDelivery } from '../../helpers/webhooks';

/**
 * What a receiver saw of a run's deliveries, read against the instant of a kill. A receipt is
 * acknowledged when its 2xx answer was handed to a live socket; the sender may still have died
 * before reading it, which is the one way an event can be acknowledged twice (same webhook-id).
 */
export interface ReceiptFigures {
  receipts: number;
  acknowledgedReceipts: number;
  /** The sender hung up (was killed, or timed out) before the answer was written. */
  unansweredReceipts: number;
  /** Arrived before the kill and not acknowledged by then. */
  inFlightAtKill: number;
  distinctAcknowledged: number;
  /**
   * Each webhook-id acknowledged more than once, with the ms from its first acknowledgment to the
   * kill signal: negative when the answer was written after the signal, before the process was gone.
   */
  acknowledgedTwice: { webhookId: string; acknowledgments: number; firstAckBeforeKillMs: number }[];
  /** Receipts that follow only unanswered receipts of their webhook-id: a retry, not a duplicate. */
  retriesAfterUnacknowledged: number;
  /** A bad signature, or a body whose id is not the webhook-id header. */
  invalidSignatures: number;
}

export const webhookIdOf = (receipt: ReceivedDelivery): string => String(receipt.headers['webhook-id']);

export function receiptFigures(received: ReceivedDelivery[], secret: string, killAt: number): ReceiptFigures {
  const byId = groupByWebhookId(received);
  const acknowledged = received.filter((r) => r.answeredAt !== undefined);
  const acknowledgedTwice = [...byId].flatMap(([webhookId, receipts]) => {
    const acks = receipts.flatMap((r) => (r.answeredAt === undefined ? [] : [r.answeredAt]));
    return acks.length > 1 ? [{ webhookId, acknowledgments: acks.length, firstAckBeforeKillMs: killAt - Math.min(...acks) }] : [];
  });
  const retries = [...byId.values()].flatMap((receipts) => receipts.filter((_, i) => i > 0 && receipts.slice(0, i).every((earlier) => earlier.unanswered === true)));
  return {
    receipts: received.length,
    acknowledgedReceipts: acknowledged.length,
    unansweredReceipts: received.filter((r) => r.unanswered === true).length,
    inFlightAtKill: received.filter((r) => r.arrivedAt <= killAt && !(r.answeredAt !== undefined && r.answeredAt <= killAt)).length,
    distinctAcknowledged: new Set(acknowledged.map(webhookIdOf)).size,
    acknowledgedTwice,
    retriesAfterUnacknowledged: retries.length,
    invalidSignatures: received.filter((r) => !signatureIsValid(secret, r) || r.json.id !== webhookIdOf(r)).length,
  };
}

/** Receipts per webhook-id, in arrival order. */
export function groupByWebhookId(received: ReceivedDelivery[]): Map<string, ReceivedDelivery[]> {
  const byId = new Map<string, ReceivedDelivery[]>();
  for (const receipt of received) byId.set(webhookIdOf(receipt), [...(byId.get(webhookIdOf(receipt)) ?? []), receipt]);
  return byId;
}

/**
 * A receiver that deduplicates by webhook-id, as Standard Webhooks asks: it processes the first
 * receipt of each id and answers any later one without processing it. Returns how many times it
 * processed each article (an article under two webhook-ids would be processed twice).
 */
export function processedArticles(received: ReceivedDelivery[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const [first] of groupByWebhookId(received).values()) {
    const articleId = String(first.json.data.articleId);
    times.set(articleId, (times.get(articleId) ?? 0) + 1);
  }
  return times;
}

export function percentile(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
