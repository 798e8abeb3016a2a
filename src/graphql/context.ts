import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { CursorCodec } from '../shared/cursor';
import { ArticleReadService } from '../modules/article/article.service';
import { CategoryReadService } from '../modules/category/category.service';
import { SiteService } from '../modules/site/site.service';
import type { Viewer } from '../modules/user/viewer';
import { createLoaders, type Loaders } from './loaders';

export interface Context {
  requestId: string;
  config: Config;
  log: Logger;
  /** Forked per request: the identity map never leaks between requests. */
  em: EntityManager;
  knex: Knex;
  viewer: Viewer;
  loaders: Loaders;
  services: Services;
}

export interface ContextDeps {
  config: Config;
  em: EntityManager;
  cursors: CursorCodec;
}

export function createServices(knex: Knex, cursors: CursorCodec, viewer: Viewer) {
  return {
    articles: new ArticleReadService(knex, cursors, viewer),
    categories: new CategoryReadService(knex),
    site: new SiteService(knex),
  };
}

export type Services = ReturnType<typeof createServices>;

export function createContext(deps: ContextDeps, request: { requestId: string; log: Logger; viewer: Viewer }): Context {
  const em = deps.em.fork();
  const knex = em.getKnex();
  return {
    requestId: request.requestId,
    config: deps.config,
    log: request.log,
    em,
    knex,
    viewer: request.viewer,
    loaders: createLoaders(knex),
    services: createServices(knex, deps.cursors, request.viewer),
  };
}
