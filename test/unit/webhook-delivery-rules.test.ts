import { createHmac } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { DeliveryStatus, RequestRefusedError } from '../../src/modules/webhook';
import { outcomeOf, retryDelayMs } from '../../src/modules/webhook/webhook-worker';
import { newSigningSecret, signatureHeaders } from '../../src/modules/webhook/webhook-signing';
import { articleEventOf } from '../../src/modules/webhook';

const config = loadConfig({ NODE_ENV: 'test', WEBHOOK_RETRY_BASE_MS: '1000', WEBHOOK_RETRY_MAX_MS: '60000', WEBHOOK_MAX_ATTEMPTS: '5' }).webhooks;

describe('retryDelayMs', () => {
  test('doubles per attempt, in the upper half of each step', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, config, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, config, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  test('never waits more than the maximum, however many attempts', () => {
    expect(retryDelayMs(7, config, () => 1)).toBe(60_000);
    expect(retryDelayMs(50, config, () => 1)).toBe(60_000);
    expect(retryDelayMs(50, config, () => 0)).toBe(30_000);
  });
});

describe('outcomeOf', () => {
  test('a 2xx answer is delivered', () => {
    expect(outcomeOf(1, config, { status: 204, body: '' }, undefined)).toEqual({ status: DeliveryStatus.DELIVERED, responseStatus: 204, lastError: null });
  });

  test('a 500 is retried with the answer kept, until the last attempt fails it', () => {
    const retry = outcomeOf(2, config, { status: 500, body: 'down' }, undefined);
    expect(retry).toMatchObject({ status: DeliveryStatus.PENDING, responseStatus: 500, lastError: 'HTTP 500: down' });
    expect(retry.retryInMs).toBeGreaterThanOrEqual(1000);
    expect(retry.retryInMs).toBeLessThanOrEqual(2000);
    expect(outcomeOf(5, config, { status: 500, body: '' }, undefined)).toEqual({ status: DeliveryStatus.FAILED, responseStatus: 500, lastError: 'HTTP 500' });
  });

  test('a refused address fails at once, without retries', () => {
    expect(outcomeOf(1, config, undefined, new RequestRefusedError('localhost: 127.0.0.1 is a loopback address'))).toEqual({
      status: DeliveryStatus.FAILED,
      responseStatus: null,
      lastError: 'refused: localhost: 127.0.0.1 is a loopback address',
    });
  });

  test('a network error is retried and named', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(outcomeOf(1, config, undefined, error)).toMatchObject({ status: DeliveryStatus.PENDING, responseStatus: null, lastError: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  test('a receiver’s text is stored without NUL and bounded', () => {
    const outcome = outcomeOf(1, config, { status: 502, body: `a\u0000b${'x'.repeat(2000)}` }, undefined);
    expect(outcome.lastError).toMatch(/^HTTP 502: abx+$/);
    expect(outcome.lastError).toHaveLength(500);
  });
});

describe('signatureHeaders', () => {
  test('HMAC-SHA256 over "<timestamp>.<body>" with the secret, hex, as v1=', () => {
    const secret = newSigningSecret();
    const body = '{"type":"cache.purge","data":{"tags":["site"]}}';
    const headers = signatureHeaders(secret, body, 'delivery-1', new Date('2026-12-02T05:00:00.900Z'));
    expect(headers['webhook-timestamp']).toBe('1796187600');
    expect(headers['webhook-id']).toBe('delivery-1');
    const expected = createHmac('sha256', secret).update(`1796187600.${body}`).digest('hex');
    expect(headers['webhook-signature']).toBe(`v1=${expected}`);
  });

  test('secrets are prefixed, random and carry 32 bytes', () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

describe('articleEventOf', () => {
  test('maps each change kind to the event subscribers hear', () => {
    expect((['PUBLISHED', 'EMBARGO_LIFTED', 'UPDATED', 'UNPUBLISHED'] as const).map(articleEventOf)).toEqual([
      'article.published',
      'article.published',
      'article.updated',
      'article.unpublished',
    ]);
  });
});
