import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { isApiKey, type Viewer } from '../modules/identity';
import { HttpError } from './body';
import { clientAddress } from './viewer';

export interface RateLimitDeps {
  config: Config;
  /** Counters shared by every instance when given; in process otherwise. */
  redis?: Redis;
  /** Keeps the counters of different deployments on one Redis apart. */
  namespace: string;
}

const WINDOW_MS = 60_000;

/**
 * Requests per minute this viewer may make on this route, or 0 for no limit: an API key its own
 * `rateLimitPerMinute`; anonymous clients ANONYMOUS_RATE_LIMIT_PER_MINUTE per address (0 by
 * default: off); staff are not limited. Routes that never authenticate (media files, health) have
 * no viewer and no limit.
 */
function limitOf(request: FastifyRequest, config: Config): number {
  const viewer: Viewer | null = request.viewer;
  if (viewer === null) return 0;
  if (isApiKey(viewer)) return viewer.rateLimitPerMinute;
  return viewer.kind === 'anonymous' ? config.anonymousRateLimitPerMinute : 0;
}

function counterOf(request: FastifyRequest, config: Config): string {
  const viewer: Viewer | null = request.viewer;
  return viewer !== null && isApiKey(viewer) ? `key:${viewer.id}` : `address:${clientAddress(request.raw, config.trustProxy)}`;
}

/**
 * Per-key and per-address rate limits (@fastify/rate-limit: a maintained fixed-window limiter
 * with a Redis store, so instances share one count per key). Its hook is appended to each route's
 * onRequest hooks, after the route's authentication has found the viewer; a refusal is 429 with
 * Retry-After and the GraphQL error shape (RATE_LIMITED). Must be registered before the routes.
 */
export async function registerRateLimits(fastify: FastifyInstance, { config, redis, namespace }: RateLimitDeps): Promise<void> {
  await fastify.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: WINDOW_MS,
    redis,
    nameSpace: `bulletin-rate:${namespace}:`,
    // A Redis outage must not take reading down with it: requests pass uncounted meanwhile.
    skipOnError: true,
    keyGenerator: (request) => counterOf(request, config),
    allowList: (request) => limitOf(request, config) === 0,
    max: (request) => limitOf(request, config),
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, `Rate limit of ${context.max} requests per minute reached; retry in ${context.after}`, 'RATE_LIMITED', {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
}
