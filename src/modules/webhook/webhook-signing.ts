import { createHmac, randomBytes } from 'node:crypto';

/** Prefix of every signing secret: recognizable in a receiver's configuration (and in leak scanners). */
const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, base64url: shown once by createWebhook. */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The headers that let a receiver check a delivery: HMAC-SHA256 with the webhook's secret over
 * `<timestamp>.<body>`, the timestamp in Unix seconds. Signed again on each attempt, so a receiver
 * may refuse old timestamps (replays) without refusing retries.
 */
export function signatureHeaders(secret: string, body: string, deliveryId: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'webhook-id': deliveryId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1=${signature}` };
}
