import type { Knex } from '@mikro-orm/postgresql';
import type { MediaUsage } from '../media';
import type { Viewer } from '../identity';
import type { ArticleStatus } from './article.entity';
import { applyPublicFilter, canSeeArticle } from './article.policy';

interface UsingArticle {
  id: string;
  title: string;
  authorId: string;
  status: ArticleStatus;
  publishedAt: string | null;
  deletedAt: string | null;
  embargoedUntil: string | null;
  asCover: boolean;
}

/** Articles show images as their cover or in their body (as /media/<hash>…). */
export const articleMediaUsage: MediaUsage = {
  publicUse(knex: Knex) {
    const uses = knex('article as a')
      .select(knex.raw('1'))
      .where((q) => q.whereRaw('a.cover_image_id = m.id').orWhereRaw("strpos(a.body, '/media/' || m.sha256) > 0"));
    return applyPublicFilter(uses, 'a');
  },

  async describeUses(trx: Knex.Transaction, media: { id: string; sha256: string }, viewer: Viewer) {
    const articles = (await trx('article as a')
      .select({ id: 'a.id', title: 'a.title', authorId: 'a.author_id', status: 'a.status', publishedAt: 'a.published_at', deletedAt: 'a.deleted_at', embargoedUntil: 'a.embargoed_until' })
      .select(trx.raw('a.cover_image_id is not distinct from ? as "asCover"', [media.id]))
      .where('a.cover_image_id', media.id)
      .orWhereRaw('strpos(a.body, ?) > 0', [`/media/${media.sha256}`])
      .orderBy('a.title')) as UsingArticle[];
    const uses: string[] = [];
    let hidden = 0;
    for (const article of articles) {
      const facts = { ...article, publishedAt: toDate(article.publishedAt), deletedAt: toDate(article.deletedAt), embargoedUntil: toDate(article.embargoedUntil) };
      if (!canSeeArticle(viewer, facts)) hidden += 1;
      else uses.push(`article "${article.title}" (${article.asCover ? 'cover image' : 'in its body'})`);
    }
    if (hidden > 0) uses.push(`${hidden} other article(s)`);
    return uses;
  },
};

function toDate(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}
