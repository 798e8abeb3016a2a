import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createContext, type Context } from './graphql/context';
import { errorLoggingPlugin, formatError } from './graphql/errors';
import { inputGuardsPlugin } from './graphql/input-guards';
import { noIntrospectionRule } from './graphql/introspection-rule';
import { createSchema } from './graphql/schema';
import { HttpError } from './http/body';
import { handleGraphQL, sendHttpError } from './http/graphql-handler';
import { checkReadiness } from './http/health';
import { assertIdeAvailable, serveIde, serveIdeDisabledNotice } from './http/ide';
import { createLanding } from './http/landing';
import { serveMediaFile } from './http/media-files';
import { handleMediaUpload } from './http/media-upload';
import { handleViewBeacon } from './http/view-beacon';
import { clientAddress, resolveViewer } from './http/viewer';
import { MemoryLoginThrottle, RedisLoginThrottle, hashPassword } from './modules/identity';
import { createMediaPipeline, type MediaPipeline } from './modules/media/media-pipeline';
import { createViewRecorder } from './modules/view/view-recorder';
import { CursorCodec } from './shared/cursor';
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
}

export interface App {
  server: http.Server;
  /** Stops accepting connections and waits for in-flight requests. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP server (GraphQL, health, media). No globals: tests build as many as they like. */
export async function createApp({ config, orm, logger, schema, redis: givenRedis, media: givenMedia }: AppDeps): Promise<App> {
  if (config.ide) assertIdeAvailable();
  const apollo = new ApolloServer<Context>({
    schema: schema ?? (await createSchema()),
    formatError,
    // Apollo's own refusal tells clients to "pass introspection: true to ApolloServer"; ours names GRAPHQL_INTROSPECTION.
    introspection: true,
    validationRules: config.introspection ? [] : [noIntrospectionRule],
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown order is ours (main.ts): drain HTTP, then Apollo, then the database.
    stopOnTerminationSignals: false,
    // Apollo adds its cache-control plugin by default; it wraps every field resolver and we do not use its hints.
    plugins: [inputGuardsPlugin, errorLoggingPlugin, ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const ownRedis = !givenRedis && config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const redis = givenRedis ?? ownRedis;
  const windowMs = config.loginWindowMinutes * 60_000;
  let dummyHash: Promise<string> | undefined;
  const media = givenMedia ?? createMediaPipeline(config);
  const views = createViewRecorder({ config, knex: orm.em.getKnex(), redis, log: logger });
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
  };

  const landing = createLanding({ ide: config.ide });
  const route = async (req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/graphql') {
      if (method === 'GET' && (config.ide ? serveIde(req, res) : serveIdeDisabledNotice(req, res))) return;
      const viewer = await resolveViewer(req, orm.em.getKnex(), config);
      await handleGraphQL(apollo, req, res, {
        maxBodyBytes: config.maxBodyBytes,
        search: url.search,
        context: async () => createContext(contextDeps, { requestId, log, viewer, clientAddress: clientAddress(req, config.trustProxy), userAgent: req.headers['user-agent'] ?? '' }),
      });
      return;
    }
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) return landing(req, res);
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const readiness = await checkReadiness(orm);
      return sendJson(res, readiness.ready ? 200 : 503, readiness);
    }
    if (url.pathname === '/media' && method === 'POST') return handleMediaUpload(req, res, { config, orm, media, log });
    if ((method === 'GET' || method === 'HEAD') && url.pathname.startsWith('/media/')) {
      // Keys are plain ASCII (hashes): nothing to decode, and a percent sign simply names no file.
      return serveMediaFile(req, res, { media, knex: orm.em.getKnex(), log }, url.pathname.slice('/media/'.length));
    }
    if (url.pathname.startsWith('/views/')) {
      return handleViewBeacon(req, res, { recorder: views, trustProxy: config.trustProxy }, method, url.pathname.slice('/views/'.length));
    }
    if (method === 'GET' && config.ide && serveIde(req, res)) return;
    sendJson(res, 404, { error: 'Not found' });
  };

  const server = http.createServer((req, res) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const log = logger.child({ requestId });
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    route(req, res, requestId, log).catch((error: unknown) => {
      if (error instanceof HttpError) return sendHttpError(res, error);
      log.error({ err: error }, 'unhandled error');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error', requestId });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts
  // Whole-request limit (slow-loris guard) that still lets a 10 MB upload through on a ~1 Mbit/s link.
  server.requestTimeout = 120_000;

  let closing: Promise<void> | undefined;
  return {
    server,
    close() {
      closing ??= (async () => {
        const drained = new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        // A keep-alive connection busy when closing began would otherwise stay open after its answer.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        // Pending views are written now rather than after their wait, and so are those of requests
        // still in flight; the last call waits for them all, before the caller closes the pool.
        await views.close();
        await drained.finally(() => clearInterval(sweep));
        await views.close();
        await apollo.stop();
        ownRedis?.disconnect();
      })();
      return closing;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
