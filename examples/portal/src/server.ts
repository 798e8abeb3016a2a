import path from 'node:path';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { loadAssets } from './assets';
import { BulletinClient, BulletinUnavailableError, type Reader } from './bulletin-client';
import type { PortalConfig } from './config';
import { articlePageModel, homePageModel, notFoundModel, type PageContext } from './pages';
import { ARTICLE_PAGE_QUERY, HOME_PAGE_QUERY, SITE_QUERY, type ArticlePageData, type HomePageData, type SiteData } from './queries';
import { contentSecurityPolicy } from './security-headers';

const ROOT = path.resolve(__dirname, '..');
/** Bulletin's slug rule: anything else cannot be an article, so it is a 404 without asking the API. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MAX_LENGTH = 120;

export interface PortalOptions {
  /** Fastify's logger; off by default (tests), on in main.ts. */
  logger?: boolean;
  /** The fetch the GraphQL client uses (tests record the requests); the global one by default. */
  fetch?: typeof fetch;
}

/** The example site: the homepage and the article pages, server-rendered from Bulletin. */
export function createPortal(config: PortalConfig, options: PortalOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  // autoEscape (Eta's default, set here so it cannot be lost): every <%= %> is HTML-escaped; only
  // <%~ %> of markup built from an allowlist (the article body, JSON-LD) is inserted raw.
  const eta = new Eta({ views: path.join(ROOT, 'views'), cache: true, autoEscape: true });
  const client = new BulletinClient(config.bulletinUrl, { transport: config.transport, fetch: options.fetch });
  const assets = loadAssets(path.join(ROOT, 'assets'), ['portal.css', 'portal.js', 'favicon.svg']);
  const ctx: PageContext = {
    bulletinPublicUrl: config.bulletinPublicUrl,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
    assets: { css: assets.get('portal.css')!.url, js: assets.get('portal.js')!.url, icon: assets.get('favicon.svg')!.url },
  };

  /**
   * Renders a page and says in Server-Timing how long its GraphQL request took (api), how long
   * building the page from the answer took (render: the view model, the body's sanitizing and the
   * template), and the whole time in this server (total).
   */
  function sendPage(reply: FastifyReply, status: number, template: string, model: () => object & { site?: SiteData }, api: { durationMs: number; cache: string | null } | null): FastifyReply {
    const started = performance.now();
    const built = model();
    const html = eta.render(template, built);
    const renderMs = performance.now() - started;
    const timings = [
      ...(api ? [`api;dur=${api.durationMs.toFixed(2)};desc="Bulletin GraphQL"`] : []),
      `render;dur=${renderMs.toFixed(2)};desc="Page"`,
      `total;dur=${reply.elapsedTime.toFixed(2)}`,
    ];
    if (api?.cache) reply.header('x-bulletin-cache', api.cache);
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', contentSecurityPolicy(config.bulletinPublicUrl, built.site))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('server-timing', timings.join(', '))
      .send(html);
  }

  async function sendNotFound(reply: FastifyReply, site?: SiteData): Promise<FastifyReply> {
    if (site) return sendPage(reply, 404, './not-found', () => notFoundModel(site, ctx), null);
    const result = await client.query<{ site: SiteData }>(SITE_QUERY, {});
    return sendPage(reply, 404, './not-found', () => notFoundModel(result.data.site, ctx), result);
  }

  for (const asset of assets.values()) {
    app.get(asset.url, (_request, reply) =>
      reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
  }

  const readerOf = (request: FastifyRequest): Reader => ({ address: request.ip, userAgent: request.headers['user-agent'] });

  app.get('/', async (request, reply) => {
    const result = await client.query<HomePageData>(HOME_PAGE_QUERY, { latest: config.latestCount }, readerOf(request));
    return sendPage(reply, 200, './home', () => homePageModel(result.data, ctx), result);
  });

  app.get<{ Params: { slug: string } }>('/:slug', async (request, reply) => {
    const { slug } = request.params;
    if (slug.length > SLUG_MAX_LENGTH || !SLUG.test(slug)) return sendNotFound(reply);
    // One more than shown: "Tin mới" leaves out the article being read. The ad slots are asked
    // for this article's page, so campaigns targeting its category serve here too.
    const result = await client.query<ArticlePageData>(ARTICLE_PAGE_QUERY, { slug, latest: config.latestCount + 1, adContext: { articleSlug: slug } }, readerOf(request));
    const { article } = result.data;
    if (!article) return sendNotFound(reply, result.data.site);
    // CASE: an editor renamed the slug; Bulletin still finds the article by the old one.
    if (article.slug !== slug) return reply.redirect(`/${article.slug}`, 301);
    return sendPage(reply, 200, './article', () => articlePageModel({ ...result.data, article }, ctx), result);
  });

  app.setNotFoundHandler((_request, reply) => sendNotFound(reply));

  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'page failed');
    const unavailable = error instanceof BulletinUnavailableError;
    return sendPage(reply, unavailable ? 502 : 500, './error', () => ({ assets: ctx.assets, unavailable }), null);
  });

  return app;
}
