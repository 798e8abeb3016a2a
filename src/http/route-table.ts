import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { AdServer } from '../modules/ad';
import { handleAdBeacon, handleAdClick, serveAdsTxt } from './ad-routes';
import type { MediaPipeline } from '../modules/media/media-pipeline';
import type { ViewRecorder } from '../modules/view/view-recorder';
import { assertNestingWithinLimit } from './graphql-handler';
import { checkReadiness } from './health';
import { loadIdeAssets, serveIdeAsset, serveIdeDisabledNotice, serveIdePage } from './ide';
import { createLanding } from './landing';
import { serveMediaFile } from './media-files';
import { handleMediaUpload } from './media-upload';
import { sendJson } from './reply';
import type { ResponseCache } from './response-cache';
import { ANY_METHOD, rawPathAfter, type RouteSpec } from './routes';
import { handleViewBeacon } from './view-beacon';

export interface RouteDeps {
  config: Config;
  orm: MikroORM;
  media: MediaPipeline;
  views: ViewRecorder;
  ads: AdServer;
  /** Apollo, as a Fastify handler (@as-integrations/fastify). */
  graphql: (request: FastifyRequest, reply: FastifyReply) => unknown;
  /** Anonymous answers of /graphql, when RESPONSE_CACHE_TTL_MS is not 0. */
  responseCache?: ResponseCache;
}

const log = (request: FastifyRequest) => request.log as Logger;

/** Every route of the server, with what it needs. Anything else is a 404 (app.ts). */
export function routeTable({ config, orm, media, views, ads, graphql, responseCache }: RouteDeps): RouteSpec[] {
  const landing = createLanding({ ide: config.ide });
  const knex = orm.em.getKnex();
  const routes: RouteSpec[] = [
    {
      // Any method: Apollo answers the ones it does not take (405 with Allow).
      method: ANY_METHOD,
      url: '/graphql',
      auth: 'viewer',
      body: 'graphql',
      bodyLimit: config.maxBodyBytes,
      // A browser navigating here gets the IDE (or, with it off, a page saying so), whatever its headers.
      before: async (request, reply) => {
        if (request.method === 'GET' && (config.ide ? serveIdePage : serveIdeDisabledNotice)(request.raw, reply)) return reply;
      },
      preHandler: responseCache ? [assertNestingWithinLimit, responseCache.lookup] : assertNestingWithinLimit,
      onSend: responseCache?.keep,
      handler: graphql,
    },
    { method: ['GET', 'HEAD'], url: '/', auth: 'none', body: 'none', handler: (request, reply) => landing(request.raw, reply) },
    { method: ANY_METHOD, url: '/healthz', auth: 'none', body: 'none', handler: (_request, reply) => sendJson(reply, 200, { status: 'ok' }) },
    {
      method: ANY_METHOD,
      url: '/readyz',
      auth: 'none',
      body: 'none',
      handler: async (_request, reply) => {
        const readiness = await checkReadiness(orm);
        return sendJson(reply, readiness.ready ? 200 : 503, readiness);
      },
    },
    {
      method: 'POST',
      url: '/media',
      auth: 'viewer',
      // The upload handler streams the body itself, with its own size cap (MEDIA_MAX_BYTES) checked mid-stream.
      body: 'stream',
      handler: (request, reply) => handleMediaUpload(request.raw, reply, { config, orm, media, log: log(request), viewer: request.viewer }),
    },
    {
      method: ['GET', 'HEAD'],
      url: '/media/*',
      auth: 'none',
      body: 'none',
      cache: 'public, max-age=31536000, immutable',
      handler: (request, reply) => serveMediaFile(request.raw, reply, { media, knex, log: log(request) }, rawPathAfter(request, '/media/')),
    },
    {
      method: ANY_METHOD,
      url: '/views/*',
      auth: 'none',
      body: 'none',
      cache: 'no-store',
      handler: (request, reply) => handleViewBeacon(request.raw, reply, { recorder: views, trustProxy: config.trustProxy }, request.method, rawPathAfter(request, '/views/')),
    },
    {
      method: ['GET', 'HEAD'],
      url: '/ads/click/*',
      auth: 'none',
      body: 'none',
      cache: 'no-store',
      handler: (request, reply) => handleAdClick(request.raw, reply, { ads, trustProxy: config.trustProxy }, rawPathAfter(request, '/ads/click/')),
    },
    ...(['impressions', 'viewable'] as const).map(
      (event): RouteSpec => ({
        method: ANY_METHOD,
        url: `/ads/${event === 'impressions' ? 'impression' : 'viewable'}/*`,
        auth: 'none',
        body: 'none',
        cache: 'no-store',
        handler: (request, reply) => handleAdBeacon(request.raw, reply, { ads, trustProxy: config.trustProxy }, event, rawPathAfter(request, `/ads/${event === 'impressions' ? 'impression' : 'viewable'}/`)),
      }),
    ),
    {
      method: ['GET', 'HEAD'],
      url: '/ads.txt',
      auth: 'none',
      body: 'none',
      // Crawlers fetch it rarely; an edit shows within five minutes behind a CDN.
      cache: 'public, max-age=300',
      handler: (request, reply) => serveAdsTxt(reply, knex, request.method),
    },
  ];
  if (config.ide) {
    for (const [url, asset] of loadIdeAssets()) {
      routes.push({ method: 'GET', url, auth: 'none', body: 'none', handler: (request, reply) => serveIdeAsset(request.raw, reply, asset) });
    }
  }
  return routes;
}
