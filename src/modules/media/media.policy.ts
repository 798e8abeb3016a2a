import type { Knex } from '@mikro-orm/postgresql';
import { applyPublicFilter } from '../article/article.policy';
import { isEditor, isOwner, isSignedIn, type Viewer } from '../identity';

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
 * an image only while something public shows it: the cover or body of a published article, or the
 * site banner. Hidden ≡ not found.
 */
export function applyMediaReadFilter(qb: Knex.QueryBuilder, knex: Knex, viewer: Viewer): Knex.QueryBuilder {
  if (canSeeAllMedia(viewer)) return qb;
  return qb.where((shown) => shown.whereExists(bannerUse(knex)).orWhereExists(publicArticleUse(knex)));
}

function bannerUse(knex: Knex): Knex.QueryBuilder {
  return knex('site as s').select(knex.raw('1')).whereRaw('s.banner_image_id = m.id');
}

/** A published article shows the image as its cover or in its body (as /media/<hash>…). */
function publicArticleUse(knex: Knex): Knex.QueryBuilder {
  const uses = knex('article as a')
    .select(knex.raw('1'))
    .where((q) => q.whereRaw('a.cover_image_id = m.id').orWhereRaw("strpos(a.body, '/media/' || m.sha256) > 0"));
  return applyPublicFilter(uses, 'a');
}
