import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import type { ReadRouter } from '../db/read-replicas';
import type { Logger } from 'pino';
import type { ResponseCacheHint } from '../shared/cache-hint';
import type { Config } from '../config';
import type { CursorCodec } from '../shared/cursor';
import { ArticleEditingService } from '../modules/article/article-editing.service';
import { ArticleWorkflowService } from '../modules/article/article-workflow.service';
import { ArticleReadService } from '../modules/article/article.service';
import { CategoryEditingService } from '../modules/category/category-editing.service';
import { CategoryReadService } from '../modules/category/category.service';
import type { ArticleChangeListeners } from '../modules/article';
import type { CategorySnapshot } from '../modules/category';
import { ChangeFeedService } from '../modules/change-feed';
import type { MediaPipeline } from '../modules/media/media-pipeline';
import { MediaService } from '../modules/media/media.service';
import { ApiKeyService, AuthService, type AuthDeps, UserService, isSignedIn, type Viewer } from '../modules/identity';
import { SiteService } from '../modules/site/site.service';
import type { ReaderFingerprint, ViewRecorder } from '../modules/view/view-recorder';
import { ViewService } from '../modules/view/view.service';
import { WebhookService } from '../modules/webhook';
import { AdEditingService, AdReadService, AdServingService, adMediaUsage, type AdServer } from '../modules/ad';
import { createLoaders, type Loaders } from './loaders';
import { articleMediaUsage } from '../modules/article/article-media-usage';
import { siteMediaUsage } from '../modules/site/site-media-usage';

/** What can show an image, registered with the media module (which knows none of them). Order: how a refused delete lists them. */
const MEDIA_USAGES = [articleMediaUsage, siteMediaUsage, adMediaUsage];

export interface Context {
  requestId: string;
  config: Config;
  log: Logger;
  viewer: Viewer;
  /** The client's address (X-Forwarded-For only with TRUST_PROXY): login throttling and view dedupe. */
  clientAddress: string;
  /** The User-Agent header ('' when absent): view counting tells bots and visitors apart by it. */
  userAgent: string;
  loaders: Loaders;
  services: Services;
  /** Filled in for the HTTP response cache: whether this request ran a query, per-visitor fields, tags. */
  cacheHint: ResponseCacheHint;
  /** This client wrote: its next reads (for REPLICA_PIN_MS) go to the primary, so it sees its own write. */
  pinReadsToPrimary(): void;
  /** Tells the HTTP layer which operation this request runs (its metrics label). */
  reportOperation(type: string, name: string | null | undefined): void;
}

export interface ContextDeps {
  config: Config;
  em: EntityManager;
  cursors: CursorCodec;
  auth: AuthDeps;
  media: MediaPipeline;
  views: ViewRecorder;
  /** One per process: category lookups read it instead of the table. */
  categorySnapshot: CategorySnapshot;
  /** Told of every public change to an article, inside the write's transaction. */
  articleChanges: ArticleChangeListeners;
  /** One per process: the eligible ads in memory, caps, tokens, ad counting. */
  ads: AdServer;
  /** Where public reads go: a healthy replica, or the primary. */
  reads: ReadRouter;
  /** Clients (address + user agent) that wrote within REPLICA_PIN_MS. */
  primaryPins: PrimaryPins;
}

export interface PrimaryPins {
  has(client: string): boolean;
  pin(client: string): void;
}

/**
 * The request's services, each built on first use: a public read needs one or two of ten, and
 * the forked EntityManager (an identity map and a unit of work) only when a service writes.
 */
export function createServices(fork: () => EntityManager, deps: ContextDeps, viewer: Viewer, loaders: Loaders, reader: ReaderFingerprint, knex: Knex) {
  const services = lazily({
    apiKeys: () => new ApiKeyService(fork(), deps.cursors),
    adEditing: () => new AdEditingService(fork(), deps.ads.eligibility),
    adReads: () => new AdReadService(knex, deps.cursors),
    // Targeting on an article page needs the article's category: read as this viewer may see it.
    adServing: (): AdServingService => new AdServingService(deps.ads, viewer, reader, (article) => articleCategory(services.articles, article)),
    auth: () => new AuthService(fork(), deps.auth),
    articles: () => new ArticleReadService(knex, deps.cursors, viewer, loaders, deps.categorySnapshot),
    articleEditing: () => new ArticleEditingService(fork(), viewer, deps.config, deps.articleChanges),
    articleWorkflow: () => new ArticleWorkflowService(fork(), viewer, deps.articleChanges),
    categories: () => new CategoryReadService(knex, deps.categorySnapshot),
    categoryEditing: () => new CategoryEditingService(fork(), deps.categorySnapshot),
    changeFeed: () => new ChangeFeedService(knex, deps.cursors, viewer),
    media: () => new MediaService(fork(), viewer, deps.media, deps.cursors, MEDIA_USAGES),
    site: () => new SiteService(knex),
    users: () => new UserService(fork(), deps.config, deps.cursors),
    views: () => new ViewService(knex, viewer, deps.views, deps.config.timezone),
    webhooks: () => new WebhookService(fork(), deps.cursors, { allowLoopback: deps.config.webhooks.allowLoopback }),
  });
  return services;
}

async function articleCategory(articles: ArticleReadService, article: { id?: string | null; slug?: string | null }): Promise<string | null> {
  return (await articles.findOne(article))?.categoryId ?? null;
}

/** An object whose properties are built by their factories on first read, then kept. */
function lazily<T extends Record<string, () => unknown>>(factories: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const built: Record<string, unknown> = {};
  for (const [name, factory] of Object.entries(factories)) {
    Object.defineProperty(built, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = factory();
        Object.defineProperty(built, name, { value, enumerable: true });
        return value;
      },
    });
  }
  return built as { readonly [K in keyof T]: ReturnType<T[K]> };
}

export type Services = ReturnType<typeof createServices>;

export interface RequestInfo {
  requestId: string;
  log: Logger;
  viewer: Viewer;
  clientAddress: string;
  userAgent: string;
  cacheHint: ResponseCacheHint;
  reportOperation?: Context['reportOperation'];
}

export function createContext(deps: ContextDeps, request: RequestInfo): Context {
  // Forked per request, when first needed: the identity map never leaks between requests.
  let em: EntityManager | undefined;
  const fork = () => (em ??= deps.em.fork());
  const client = `${request.clientAddress}\n${request.userAgent}`;
  // CASE: staff read their drafts and edits at once, and so does a client that just wrote: the
  // primary. Everyone else may read a replica, a few milliseconds behind.
  const readKnex = isSignedIn(request.viewer) || deps.primaryPins.has(client) ? deps.em.getKnex() : deps.reads.readKnex();
  const loaders = createLoaders(readKnex);
  return {
    requestId: request.requestId,
    config: deps.config,
    log: request.log,
    viewer: request.viewer,
    clientAddress: request.clientAddress,
    userAgent: request.userAgent,
    cacheHint: request.cacheHint,
    reportOperation: request.reportOperation ?? (() => {}),
    loaders,
    services: createServices(fork, deps, request.viewer, loaders, { address: request.clientAddress, userAgent: request.userAgent }, readKnex),
    pinReadsToPrimary: () => deps.primaryPins.pin(client),
  };
}
