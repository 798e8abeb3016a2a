import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../shared/metrics';
import { HttpError } from './body';
import { send } from './reply';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * GET /metrics in Prometheus' text format, for a scraper holding METRICS_TOKEN
 * (`Authorization: Bearer <token>`). The token is compared in constant time over its digest, so
 * neither its content nor its length leaks through timing.
 */
export function serveMetrics(metrics: Metrics, token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!timingSafeEqual(digest(given), expected)) throw new HttpError(401, 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>', 'UNAUTHENTICATED');
    const { contentType, body } = await metrics.render();
    return send(reply, 200, { 'content-type': contentType, 'cache-control': 'no-store' }, body);
  };
}
