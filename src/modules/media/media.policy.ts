import type { Knex } from '@mikro-orm/postgresql';
import { isEditor, isOwner, isSignedIn, type Viewer } from '../identity';
import type { MediaUsage } from './media-usage';

/** Editors and admins manage every image; anyone else only what they uploaded. */
export function canManageMedia(viewer: Viewer, media: { uploadedById: string | null }): boolean {
  return isEditor(viewer) || isOwner(viewer, media.uploadedById);
}

/** Staff see every image, used or not. */
export function canSeeAllMedia(viewer: Viewer): boolean {
  return isSignedIn(viewer);
}

/**
 * Which images exist for a viewer, over `media as m`. Everyone but staff (anonymous, API keys) sees
 * an image only while something public shows it: a registered usage (the cover or body of a
 * published article, the site banner). Hidden ≡ not found; with no usage registered, nothing shows.
 */
export function applyMediaReadFilter(qb: Knex.QueryBuilder, knex: Knex, viewer: Viewer, usages: readonly MediaUsage[]): Knex.QueryBuilder {
  if (canSeeAllMedia(viewer)) return qb;
  if (usages.length === 0) return qb.whereRaw('false');
  return qb.where((shown) => {
    for (const usage of usages) shown.orWhereExists(usage.publicUse(knex));
  });
}
