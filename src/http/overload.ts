import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { OverloadLimits } from '../config';
import type { Metrics } from '../shared/metrics';
import { HttpError, prepareHttpError } from './reply';

/** Always answered, however loaded: a probe or a scrape must see the instance as it is. */
const EXEMPT_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Overload protection (@fastify/under-pressure): while the event loop lags, the heap is too
 * large, or too many requests already wait for a database connection, new requests are answered
 * at once with 503 and Retry-After instead of joining the queue, so the requests already in it
 * finish in time rather than every request slowing down together. The state is sampled every
 * `sampleIntervalMs` (the pool's queue on the same beat), never per request.
 */
export async function registerOverloadProtection(
  fastify: FastifyInstance,
  limits: OverloadLimits,
  deps: { poolWaiting: () => number; metrics: Metrics },
): Promise<void> {
  const refused = deps.metrics.counter('overload_refusals_total', 'Requests answered 503 by overload protection, by cause', ['cause']);
  await fastify.register(fastifyUnderPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs || undefined,
    maxHeapUsedBytes: limits.maxHeapUsedBytes || undefined,
    sampleInterval: limits.sampleIntervalMs,
    healthCheckInterval: limits.sampleIntervalMs,
    healthCheck: limits.maxPoolWaiting > 0 ? async () => deps.poolWaiting() <= limits.maxPoolWaiting : undefined,
    // Returning nothing lets the request through; returning a body makes under-pressure send it
    // (its types say void, its code sends any other value).
    pressureHandler: (request, reply, type) => {
      if (EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return;
      const cause = type === 'healthCheck' ? 'poolWaiting' : type;
      refused.inc({ cause });
      reply.header('retry-after', String(limits.retryAfterSeconds));
      return prepareHttpError(reply, new HttpError(503, 'The server is overloaded; retry after a few seconds', 'SERVICE_UNAVAILABLE', { cause })) as unknown as void;
    },
  });
}
