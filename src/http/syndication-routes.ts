import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { FEED_FILES, SyndicationService, type FeedFormat, type SyndicationDocument } from '../modules/syndication';
import { cacheTagHeaders } from './cache-headers';
import { answerNotModified, send, sendJson, type Headers } from './reply';
import type { RouteSpec } from './routes';

const SITEMAP_PAGE = /^articles-([1-9][0-9]{0,6})\.xml$/;

/**
 * The public syndication documents: feeds (site-wide and per category), ninjs, sitemaps. Every one
 * is rendered from the database on request and answered with an ETag (its hash), Last-Modified,
 * 304 to a matching conditional request, a Cache-Control a CDN may hold it for and its cache tags.
 */
export function syndicationRoutes(config: Config, orm: MikroORM): RouteSpec[] {
  const service = () => new SyndicationService(orm.em.getKnex(), config);
  const route = (url: string, render: (request: FastifyRequest) => Promise<SyndicationDocument | null>): RouteSpec => ({
    method: ['GET', 'HEAD'],
    url,
    auth: 'none',
    body: 'none',
    handler: async (request, reply) => sendDocument(request, reply, await render(request), config.syndication.feedMaxAgeSeconds),
  });
  const feeds = (Object.keys(FEED_FILES) as FeedFormat[]).flatMap((format) => [
    route(`/feeds/${FEED_FILES[format].file}`, () => service().feed(format)),
    route(`/feeds/category/:slug/${FEED_FILES[format].file}`, (request) => service().feed(format, (request.params as { slug: string }).slug)),
  ]);
  return [
    ...feeds,
    route('/ninjs/articles/:id', (request) => service().articleNinjs((request.params as { id: string }).id)),
    route('/ninjs/latest.json', () => service().ninjsFeed()),
    route('/sitemap.xml', () => service().sitemapIndex()),
    route('/sitemaps/news.xml', () => service().newsSitemap()),
    route('/sitemaps/:file', (request) => {
      const page = SITEMAP_PAGE.exec((request.params as { file: string }).file);
      return page ? service().sitemapPage(Number(page[1])) : Promise.resolve(null);
    }),
  ];
}

function sendDocument(request: FastifyRequest, reply: FastifyReply, document: SyndicationDocument | null, maxAgeSeconds: number): FastifyReply {
  if (!document) return sendJson(reply, 404, { error: 'Not found' });
  const etag = `"${createHash('sha256').update(document.body).digest('base64url').slice(0, 32)}"`;
  const headers: Headers = {
    'content-type': document.contentType,
    'cache-control': `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`,
    ...(document.lastModified ? { 'last-modified': document.lastModified.toUTCString() } : {}),
    ...cacheTagHeaders(document.tags ?? []),
  };
  if (answerNotModified(request.raw, reply, etag, headers, document.lastModified)) return reply;
  return send(reply, 200, { ...headers, etag }, request.method === 'HEAD' ? undefined : document.body);
}
