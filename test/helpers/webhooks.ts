import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ormConfig } from '../../src/db/orm-config';
import { createLogger } from '../../src/shared/logger';
import { dataOf } from './expect-graphql';
import type { Harness } from './harness';

/** What a receiver got: one entry per request, in arrival order. */
export interface ReceivedDelivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  /** Date.now() when the whole request had been read. */
  arrivedAt: number;
  /** Date.now() when the answer had been handed to a live socket ('finish'); unset while waiting or when the sender hung up first. */
  answeredAt?: number;
  /** The sender's connection closed before the answer was written: it never got one. */
  unanswered?: boolean;
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  /** The status to answer the n-th request (0-based) with; 204 unless set. */
  answer: (index: number, delivery: ReceivedDelivery) => number;
  /** How long to wait before answering (a slow receiver); a function draws it per request. */
  delayMs: number | ((index: number) => number);
  close(): Promise<void>;
}

/** A webhook receiver on a loopback port: records every request and answers as told. */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedDelivery[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    answer: () => 204,
    delayMs: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { path: request.url ?? '', headers: request.headers, body, json: JSON.parse(body) as ReceivedDelivery['json'], arrivedAt: Date.now() };
      const index = received.push(delivery) - 1;
      response.statusCode = receiver.answer(index, delivery);
      response.on('finish', () => (delivery.answeredAt = Date.now()));
      response.on('close', () => (delivery.unanswered = !response.writableFinished));
      const { delayMs } = receiver;
      setTimeout(() => response.end(), typeof delayMs === 'function' ? delayMs(index) : delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** The receiver's check, as README shows it: HMAC-SHA256 over "<timestamp>.<body>", compared in constant time. */
export function signatureIsValid(secret: string, delivery: Pick<ReceivedDelivery, 'headers' | 'body'>): boolean {
  const timestamp = String(delivery.headers['webhook-timestamp']);
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`);
  const given = Buffer.from(String(delivery.headers['webhook-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events active } } }`;

export async function createWebhook(h: Harness, token: string, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const { createWebhook: created } = dataOf(await h.gql<{ createWebhook: { secret: string; webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url, events } }, { token }));
  return { id: created.webhook.id, secret: created.secret };
}

/**
 * Another Bulletin instance on the harness's database with its own configuration (the worker on) and
 * its own connection pool, as a second server would have: its claims run on other connections.
 */
export async function startSendingInstance(h: Harness, env: Record<string, string>, logger: Logger = createLogger({ logLevel: 'silent', logPretty: false })): Promise<{ app: App; close(): Promise<void> }> {
  const databaseUrl = h.config.databaseUrl ?? '';
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, APP_SECRET: 'test-secret-test-secret-test-secret-0123', PORT: '0', ...env });
  const orm = await MikroORM.init(ormConfig({ clientUrl: databaseUrl, poolMax: 3 }));
  const app = await createApp({ config, orm, logger });
  return {
    app,
    async close() {
      await app.close();
      await orm.close(true);
    },
  };
}

/** Polls `check` until it returns true (no fixed sleeps: the machine may be slow), failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

