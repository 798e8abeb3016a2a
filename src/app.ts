import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createContext, type Context } from './graphql/context';
import { apiKeyMutationsPlugin } from './graphql/api-key-mutations';
import { cacheHintPlugin } from './graphql/cache-hint';
import { createPrimaryPins, readYourWritesPlugin } from './graphql/read-routing';
import { createReadRouter, type ReplicaStatus } from './db/read-replicas';
import { emptyCacheHint } from './shared/cache-hint';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, errorLoggingPlugin, formatError } from './graphql/errors';
import { isDatabaseUnavailable } from './db/pg-errors';
import { inputGuardsPlugin } from './graphql/input-guards';
import { jitGateway } from './graphql/jit-executor';
import { noIntrospectionRule } from './graphql/introspection-rule';
import { createSchema } from './graphql/schema';
import { graphqlMetricsPlugin } from './graphql/metrics-plugin';
import { queryCostPlugin } from './graphql/query-cost';
import { queryLimitRules } from './graphql/query-limits';
import { poolStats } from './db/pool-stats';
import { registerOverloadProtection } from './http/overload';
import { createRequestMetrics } from './http/request-metrics';
import { createMetrics, type Metrics } from './shared/metrics';
import { HttpError, bodyTooLarge } from './http/body';
import { parseGraphQLBody } from './http/graphql-handler';
import { assertIdeAvailable } from './http/ide';
import { sendHttpError, sendJson } from './http/reply';
import { createResponseCache } from './http/response-cache';
import { registerRateLimits } from './http/rate-limit';
import { routeTable } from './http/route-table';
import type { RouteSpec } from './http/routes';
import { clientAddress, resolveViewer } from './http/viewer';
import type { ArticleChangeListeners } from './modules/article';
import { createArticleChangeListeners } from './article-change-wiring';
import { AdServer } from './modules/ad';
import { CategorySnapshot } from './modules/category';
import { MemoryLoginThrottle, RedisLoginThrottle, hashPassword } from './modules/identity';
import { createMediaPipeline, type MediaPipeline } from './modules/media/media-pipeline';
import { createViewRecorder } from './modules/view/view-recorder';
import { registerWebhookQueueGauge, startWebhookWorker } from './modules/webhook';
import { CursorCodec } from './shared/cursor';
import { codeForHttpStatus } from './shared/error-codes';
import { createRedis } from './shared/redis';

export interface AppDeps {
  config: Config;
  orm: MikroORM;
  logger: Logger;
  schema?: GraphQLSchema;
  /** Shared state between instances; created from REDIS_URL when not given. */
  redis?: Redis;
  /** Media storage and image work; from the config (MEDIA_STORAGE) when not given. */
  media?: MediaPipeline;
  /** Where every part registers its metrics; a fresh registry when not given. */
  metrics?: Metrics;
}

export interface App {
  fastify: FastifyInstance;
  /** Fastify's Node server (ready: it may also be listened on directly). */
  server: http.Server;
  /** Listens; resolves with the port (useful with port 0). Rejects with the listen error (EADDRINUSE...). */
  listen(port: number, host: string): Promise<number>;
  /** /readyz answers 503 from now on, so load balancers stop sending while the shutdown's other steps run; serving goes on until close(). */
  markShuttingDown(): void;
  /** Stops accepting connections, waits for in-flight requests, writes pending views (Fastify's close hooks). */
  close(): Promise<void>;
  /** What /metrics shows; parts started beside the app (the scheduler) register here too. */
  metrics: Metrics;
  /** The listeners every article write of this app tells (the scheduler is given them too). */
  articleChanges: ArticleChangeListeners;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP server (Fastify: the route table of src/http/route-table.ts). No globals: tests build as many as they like. */
export async function createApp({ config, orm, logger, schema, redis: givenRedis, media: givenMedia, metrics = createMetrics() }: AppDeps): Promise<App> {
  if (config.ide) assertIdeAvailable();
  const requestMetrics = createRequestMetrics(metrics);
  const limitRefused = requestMetrics.limitRefused;
  // One per process, bounded (Apollo's own default cache is the same LRU, of 30 MB).
  const persistedQueries = new InMemoryLRUCache<string>({ maxSize: 30 * 1024 * 1024 });
  const apollo = new ApolloServer<Context>({
    gateway: jitGateway(schema ?? (await createSchema())),
    formatError,
    // Apollo's own refusal tells clients to "pass introspection: true to ApolloServer"; ours names GRAPHQL_INTROSPECTION.
    introspection: true,
    // Validated documents are cached by Apollo: these rules cost nothing on a repeated query.
    validationRules: [...queryLimitRules(config.queryLimits, limitRefused), ...(config.introspection ? [] : [noIntrospectionRule])],
    // Automatic persisted queries (GET by hash, cacheable by CDNs). The /graphql route checks a
    // hash-only request's stored text against the caller's limits, as it checks a sent text.
    persistedQueries: { cache: persistedQueries },
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown order is ours (main.ts): drain HTTP, then Apollo, then the database.
    stopOnTerminationSignals: false,
    // Apollo adds its cache-control plugin by default; it wraps every field resolver and we do not use its hints.
    plugins: [
      inputGuardsPlugin,
      apiKeyMutationsPlugin,
      queryCostPlugin(config.queryLimits, limitRefused),
      errorLoggingPlugin,
      graphqlMetricsPlugin({ operation: (context, type, name) => context.reportOperation(type, name), error: requestMetrics.graphqlError }),
      cacheHintPlugin,
      readYourWritesPlugin,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const ownRedis = !givenRedis && config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const redis = givenRedis ?? ownRedis;
  const windowMs = config.loginWindowMinutes * 60_000;
  let dummyHash: Promise<string> | undefined;
  const media = givenMedia ?? createMediaPipeline(config);
  const views = createViewRecorder({ config, knex: orm.em.getKnex(), redis, log: logger });
  const reads = createReadRouter(orm, { intervalMs: config.replicaCheckIntervalMs, log: logger });
  await reads.check();
  const articleChanges = createArticleChangeListeners();
  // The deployment (its database and public URL): instances sharing it share cached answers and ad
  // state; other deployments sharing the Redis do not.
  const deployment = `${config.databaseUrl ?? config.dataDir} ${config.publicUrl}`;
  const ads = new AdServer({
    knex: orm.em.getKnex(),
    log: logger,
    redis,
    appSecret: config.appSecret,
    timezone: config.timezone,
    publicUrl: config.publicUrl,
    tokenTtlSeconds: config.adTokenTtlSeconds,
    eventBatchMs: config.viewBatchMs,
    servedBatchMs: config.adServedBatchMs,
    namespace: createHash('sha256').update(deployment).digest('base64url').slice(0, 16),
  });
  // Not awaited: a Redis that is down must not stop the start (its client reconnects and subscribes then).
  registerResourceGauges(metrics, orm, [views, ...ads.metering.buffers], () => reads.status());
  ads.start().catch((error: unknown) => logger.warn({ err: error }, 'ad change subscription failed: other instances’ ad changes show after a restart'));
  const contextDeps = {
    config,
    em: orm.em,
    cursors: new CursorCodec(config.appSecret),
    auth: {
      config,
      throttle: redis ? new RedisLoginThrottle(redis, config.loginMaxFailures, windowMs) : new MemoryLoginThrottle(config.loginMaxFailures, windowMs),
      dummyHash: () => (dummyHash ??= hashPassword('not-a-real-password', config.bcryptCost)),
    },
    media,
    views,
    categorySnapshot: new CategorySnapshot(orm.em.getKnex(), config.categoryCacheTtlMs),
    reads,
    // Without replicas every read is on the primary: nothing to pin.
    primaryPins: createPrimaryPins(config.databaseReplicaUrls.length > 0 ? config.replicaPinMs : 0),
    articleChanges,
    ads,
  };

  const fastify = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One access line per request, written in onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // Not requestIdHeader: Fastify would keep any client-sent value; genReqId keeps only a sane one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // HEAD only where a route declares it, as before.
    exposeHeadRoutes: false,
    keepAliveTimeout: 65_000, // longer than common load balancer idle timeouts
    // Whole-request limit (slow-loris guard): headers and body must have arrived by then.
    requestTimeout: config.requestLimits.requestTimeoutMs,
    http: {
      // Node answers a larger request head with 431 before Fastify sees it.
      maxHeaderSize: config.requestLimits.maxHeaderBytes,
      // Given to Node itself too, not only set by Fastify after the server exists: then Node
      // derives its headers timeout from it (min(60 s, limit)) instead of keeping 60 s.
      requestTimeout: config.requestLimits.requestTimeoutMs,
      // Node enforces both timeouts only when it sweeps its open connections, every 30 s by
      // default: with a limit of 1 s, a stalled request was cut after 90 s. Sweeping every quarter
      // of the limit (at most every second) cuts it within a quarter of the limit past it; a sweep
      // only walks the list of open connections.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.requestLimits.requestTimeoutMs / 4)),
    },
    // Requests on open keep-alive connections while closing are served, not refused: they drain.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    bodyLimit: config.maxBodyBytes,
    // A path that is not valid percent-encoding names nothing here: 404, as any unknown path.
    frameworkErrors: (error, _request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL') return sendJson(reply, 404, { error: 'Not found' });
      sendJson(reply, error.statusCode ?? 400, { error: error.message });
    },
  });
  // Bodies are read only where a route says so (registerRoute): nothing else parses or refuses a body.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.decorateRequest('viewer', null as never);
  fastify.decorateRequest('responseCacheKey', undefined);
  fastify.decorateRequest('responseCacheHint', null as never);

  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? null, url: request.routeOptions.url ? undefined : request.url, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    requestMetrics.observe(request, reply);
  });
  await registerOverloadProtection(fastify, config.overload, { poolWaiting: () => poolStats(orm).waiting, metrics });
  // An API's headers (HSTS, nosniff, no framing, no referrer); no CSP on JSON (the IDE and media set their own).
  // Media may be embedded by the newsroom's sites on other origins: cross-origin resource policy.
  await fastify.register(fastifyHelmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  if (config.corsOrigins.length > 0) {
    // Bearer tokens, no cookies: no credentials needed. Unlisted origins get no CORS headers at all.
    await fastify.register(fastifyCors, { origin: [...config.corsOrigins], methods: ['GET', 'POST'], maxAge: 600 });
  }

  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal = asHttpError(error, request);
    if (refusal) {
      if (request.routeOptions.url === '/graphql') requestMetrics.graphqlError(refusal.code ?? codeForHttpStatus(refusal.status));
      // An upload refused before its body was read: do not wait for the rest, end the connection.
      if (request.routeOptions.config.streamsBody && !request.raw.complete) reply.header('connection', 'close');
      return sendHttpError(reply, refusal);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendHttpError(reply, new HttpError(503, UNAVAILABLE_MESSAGE, 'SERVICE_UNAVAILABLE'));
    }
    request.log.error({ err: error }, 'unhandled error');
    if (reply.sent || reply.raw.headersSent) return reply.raw.destroy();
    sendJson(reply, 500, { error: 'Internal server error', requestId: request.id });
  });
  fastify.setNotFoundHandler((_request, reply) => sendJson(reply, 404, { error: 'Not found' }));

  const authenticate = async (request: FastifyRequest) => {
    request.viewer = await resolveViewer(request.raw, orm.em.getKnex(), config);
  };
  // Counters belong to the deployment, and its keys to its database: every instance on it shares them.
  await registerRateLimits(fastify, { config, redis, namespace: config.databaseUrl ?? config.dataDir });
  const graphql: RouteSpec['handler'] = fastifyApolloHandler(apollo, {
    // Lazy: Apollo calls it only for a request it will execute.
    context: async (request) =>
      createContext(contextDeps, { requestId: request.id, log: request.log as Logger, viewer: request.viewer, clientAddress: clientAddress(request.raw, config.trustProxy), userAgent: request.headers['user-agent'] ?? '', cacheHint: request.responseCacheHint ?? emptyCacheHint(), reportOperation: (type, name) => {
        request.graphqlOperation = requestMetrics.operationLabel(type, name);
      } }),
  }) as RouteSpec['handler'];
  const responseCache = config.responseCacheTtlMs > 0 ? createResponseCache({ ttlMs: config.responseCacheTtlMs, redis, log: logger, namespace: deployment }) : undefined;
  let shuttingDown = false;
  const routes = routeTable({ config, orm, media, views, ads, graphql, responseCache, metrics, limitRefused, persistedQueries, shuttingDown: () => shuttingDown, replicas: () => reads.status() });
  for (const spec of routes) {
    await fastify.register(async (scope) => registerRoute(scope, spec, authenticate));
  }

  let stopWebhookWorker: (() => Promise<void>) | undefined;
  let flushing: Promise<void> | undefined;
  let stoppingWorker: Promise<void> | undefined;
  // Pending views are written as soon as closing begins rather than after their wait; the webhook
  // worker starts no new round, and its round under way records its attempts before the pool closes...
  fastify.addHook('preClose', async () => {
    shuttingDown = true;
    stoppingWorker = stopWebhookWorker?.();
    flushing = Promise.all([views.close(), ads.metering.close()]).then(() => undefined);
  });
  // ...and, once every in-flight request has answered, those they added; then Apollo, then Redis.
  // The caller closes the pool afterwards.
  fastify.addHook('onClose', async () => {
    await flushing;
    await stoppingWorker;
    await views.close();
    await ads.close();
    reads.stop();
    await apollo.stop();
    ownRedis?.disconnect();
  });
  await fastify.ready();
  // Started once nothing can fail any more, so a failed start leaves none running. Every instance
  // may run one: SKIP LOCKED claims keep two from sending one delivery.
  registerWebhookQueueGauge(metrics, orm.em.getKnex());
  if (config.webhooks.worker) stopWebhookWorker = startWebhookWorker({ knex: orm.em.getKnex(), config: config.webhooks, log: logger, metrics });

  let closing: Promise<void> | undefined;
  return {
    fastify,
    server: fastify.server,
    metrics,
    articleChanges,
    async listen(port, host) {
      await fastify.listen({ port, host });
      return (fastify.server.address() as AddressInfo).port;
    },
    markShuttingDown() {
      shuttingDown = true;
    },
    close() {
      closing ??= (async () => {
        // A keep-alive connection busy when closing began would otherwise stay open after its answer.
        const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
        fastify.server.closeIdleConnections();
        await fastify.close().finally(() => clearInterval(sweep));
      })();
      return closing;
    },
  };
}

/** One route of the table, in its own scope: its body parsing, authentication and cache policy apply to it alone. */
function registerRoute(scope: FastifyInstance, spec: RouteSpec, authenticate: (request: FastifyRequest) => Promise<void>): void {
  if (spec.body === 'graphql') {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
      try {
        done(null, parseGraphQLBody(request.headers['content-type'], raw as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  }
  const onRequest = [spec.before, spec.auth === 'viewer' ? authenticate : undefined].filter((hook) => hook !== undefined);
  const cache = spec.cache;
  scope.route({
    method: spec.method,
    url: spec.url,
    bodyLimit: spec.bodyLimit,
    config: { streamsBody: spec.body === 'stream' },
    onRequest: onRequest as never,
    preHandler: spec.preHandler,
    onSend:
      cache || spec.onSend
        ? async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            // Only for what the route serves: a refusal or a 404 must not be cached as the resource.
            if (cache && reply.statusCode < 400 && !reply.hasHeader('cache-control')) reply.header('cache-control', cache);
            spec.onSend?.(request, reply, payload);
            return payload;
          }
        : undefined,
    // Ours answer through reply.send() and return nothing: returning the reply tells Fastify they did
    // (even while an onSend hook still runs). Apollo's handler returns the body for Fastify to send.
    handler: async (request, reply) => (await spec.handler(request, reply)) ?? reply,
  });
}

/** The database pool and the event buffers, read at each scrape. */
function registerResourceGauges(metrics: Metrics, orm: MikroORM, recorders: { kind: string; pending: number }[], replicas: () => ReplicaStatus[]): void {
  metrics.gauge('db_pool_connections', 'Database connections of this instance: in use by a query or transaction, or idle', () => {
    const stats = poolStats(orm);
    return [
      { labels: { state: 'in_use' }, value: stats.inUse },
      { labels: { state: 'free' }, value: stats.free },
    ];
  }, ['state']);
  metrics.gauge('db_pool_waiting', 'Requests waiting for a database connection', () => poolStats(orm).waiting);
  metrics.gauge('event_buffer_pending', 'Events (views, …) waiting for their group commit, by kind', () => recorders.map((recorder) => ({ labels: { kind: recorder.kind }, value: recorder.pending })), ['kind']);
  // From the read router's last check (every REPLICA_CHECK_INTERVAL_MS): no query at scrape time.
  metrics.gauge('db_replica_up', 'Read replicas in rotation (1) or taken out of it (0)', () => replicas().map((r) => ({ labels: { replica: r.name }, value: r.up ? 1 : 0 })), ['replica']);
  metrics.gauge(
    'db_replica_lag_seconds',
    'Replication lag: 0 when a replica has replayed all it received, else seconds since the last transaction it replayed (absent while it is down)',
    () => replicas().flatMap((r) => (r.replayLagSeconds === null ? [] : [{ labels: { replica: r.name }, value: r.replayLagSeconds }])),
    ['replica'],
  );
}

/** Our refusals, and Fastify's own client errors (body too large, bad content length), in the GraphQL error shape. */
function asHttpError(error: FastifyError, request: FastifyRequest): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return bodyTooLarge(request.routeOptions.bodyLimit ?? 0);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new HttpError(error.statusCode, error.message);
  return undefined;
}
