import type { Knex } from '@mikro-orm/postgresql';
import { Role } from '../user/user.entity';
import { isStaff, type Viewer } from '../user/viewer';

/**
 * Which articles exist for a viewer. Hidden ≡ not found: every read path (lookups, lists, search,
 * category pages, relations) goes through this one rule.
 */
export function applyArticleReadFilter(qb: Knex.QueryBuilder, viewer: Viewer, alias = 'a'): Knex.QueryBuilder {
  qb.whereNull(`${alias}.deleted_at`);
  if (isStaff(viewer) && (viewer.role === Role.EDITOR || viewer.role === Role.ADMIN)) return qb;
  return qb.where((visible) => {
    visible.where((published) => applyPublicFilter(published, alias));
    // CASE: authors also see their own work in every state.
    if (isStaff(viewer)) visible.orWhere(`${alias}.author_id`, viewer.id);
  });
}

/** Published, and its publication time has come. */
export function applyPublicFilter(qb: Knex.QueryBuilder, alias = 'a'): Knex.QueryBuilder {
  return qb
    .where(`${alias}.status`, 'PUBLISHED')
    .whereRaw(`${alias}.published_at <= now()`)
    .whereNull(`${alias}.deleted_at`);
}
