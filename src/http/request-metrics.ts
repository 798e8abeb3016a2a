import type { FastifyReply, FastifyRequest } from 'fastify';
import { LATENCY_BUCKETS, type Metrics } from '../shared/metrics';
import type { QueryLimitName } from '../graphql/query-limits';

declare module 'fastify' {
  interface FastifyRequest {
    /** "query HomePage", "mutation (anonymous)": set by the GraphQL metrics plugin once the operation is known. */
    graphqlOperation?: string;
  }
}

/** Distinct operation names kept as labels; past this, "other" (a client choosing names must not grow the series without end). */
export const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export interface RequestMetrics {
  /** onResponse: one request done. */
  observe(request: FastifyRequest, reply: FastifyReply): void;
  graphqlError(code: string): void;
  limitRefused(limit: QueryLimitName): void;
  /** The operation label of a GraphQL request. */
  operationLabel(type: string, name: string | null | undefined): string;
}

export function createRequestMetrics(metrics: Metrics): RequestMetrics {
  const requests = metrics.counter('http_requests_total', 'HTTP requests answered, by route pattern, GraphQL operation and status', ['route', 'operation', 'status']);
  const latency = metrics.histogram('http_request_duration_seconds', 'Time from request to answer, by route pattern and GraphQL operation', ['route', 'operation'], LATENCY_BUCKETS);
  const errors = metrics.counter('graphql_errors_total', 'Errors in GraphQL answers (and refusals of /graphql before GraphQL ran), by extensions.code', ['code']);
  const refusals = metrics.counter('graphql_limit_refusals_total', 'GraphQL documents refused by a query limit, by limit', ['limit']);
  const names = new Set<string>();
  return {
    observe(request, reply) {
      const route = request.routeOptions.url ?? 'unmatched';
      const operation = request.graphqlOperation ?? '';
      requests.inc({ route, operation, status: reply.statusCode });
      latency.observe({ route, operation }, reply.elapsedTime / 1000);
    },
    graphqlError: (code) => errors.inc({ code }),
    limitRefused: (limit) => refusals.inc({ limit }),
    operationLabel(type, name) {
      if (!name) return `${type} (anonymous)`;
      if (!OPERATION_NAME.test(name)) return `${type} (other)`;
      if (!names.has(name)) {
        if (names.size >= MAX_OPERATION_LABELS) return `${type} (other)`;
        names.add(name);
      }
      return `${type} ${name}`;
    },
  };
}
