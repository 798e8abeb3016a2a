import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { ArticleStatus } from '../article/article.entity';
import { applyPublicFilter, canSeeArticle } from '../article/article.policy';
import { isStaff, type Viewer } from '../user/viewer';
import { cleanMediaText } from './media-fields';
import type { MediaPipeline } from './media-pipeline';
import type { MediaListArgs, UpdateMediaInput } from './media.inputs';
import { MEDIA_COLUMNS, type MediaModel } from './media.model';
import { canManageMedia } from './media.policy';

/** Newest first. */
const MEDIA_ORDER: KeysetOrder = { kind: 'media', keys: [{ sql: 'm.created_at', cast: 'timestamptz' }, { sql: 'm.id', cast: 'uuid' }], descending: true };

interface UsingArticle {
  id: string;
  title: string;
  authorId: string;
  status: ArticleStatus;
  publishedAt: string | null;
  deletedAt: string | null;
  asCover: boolean;
}

/** The media library: lookups, the staff list, alt/caption edits and deletion. Uploads are POST /media. */
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly pipeline: MediaPipeline,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * Staff see every image. Everyone else sees an image only while something public shows it: the
   * cover or body of a published article, or the site banner. Hidden ≡ not found (null).
   */
  async find(id: string): Promise<MediaModel | null> {
    const knex = this.em.getKnex();
    const qb = knex('media as m').first(MEDIA_COLUMNS).where('m.id', assertUuid(id, 'id'));
    if (!isStaff(this.viewer)) qb.where((shown) => shown.whereExists(bannerUse(knex)).orWhereExists(publicArticleUse(knex)));
    return ((await qb) as MediaModel | undefined) ?? null;
  }

  async list(args: MediaListArgs): Promise<Page<MediaModel>> {
    const qb = this.em.getKnex()('media as m').select(MEDIA_COLUMNS);
    if (args.filter?.mimeType) qb.where('m.mime_type', args.filter.mimeType.trim().toLowerCase());
    if (args.filter?.uploadedBy) qb.where('m.uploaded_by_id', assertUuid(args.filter.uploadedBy, 'filter.uploadedBy'));
    return keysetPage<MediaModel>({ query: qb, order: MEDIA_ORDER, cursors: this.cursors, args });
  }

  async update(id: string, input: UpdateMediaInput): Promise<MediaModel> {
    const media = await this.findManageable(id);
    const changes: Record<string, string | null> = {};
    if (input.alt !== undefined) changes.alt = cleanMediaText(input.alt, 'alt');
    if (input.caption !== undefined) changes.caption = cleanMediaText(input.caption, 'caption');
    if (Object.keys(changes).length > 0) await this.em.getKnex()('media').update({ ...changes, updated_at: new Date() }).where('id', media.id);
    return (await this.read(media.id)) as MediaModel;
  }

  /**
   * Deletes the row, then the stored original and variants. Refused while anything uses the image:
   * the row is locked meanwhile, so no article can take it as a cover between the check and the delete.
   */
  async delete(id: string): Promise<string> {
    const media = await this.findManageable(id);
    await this.em.transactional(async (tx) => {
      const trx = tx.getTransactionContext() as Knex.Transaction;
      await trx('media').select('id').where('id', media.id).forUpdate();
      const uses = await this.describeUses(trx, media);
      if (uses.length > 0) throw new BadInputError(`This image is still in use: ${uses.join('; ')}. Remove it from there first`, 'id', { usedBy: uses });
      await trx('media').delete().where('id', media.id);
    });
    await this.pipeline.removeStored(media);
    return media.id;
  }

  private async findManageable(id: string): Promise<MediaModel> {
    if (!isStaff(this.viewer)) throw new UnauthenticatedError();
    const media = await this.read(assertUuid(id, 'id'));
    if (!media) throw new NotFoundError('No such media');
    if (!canManageMedia(this.viewer, media)) throw new ForbiddenError('Only the uploader or an editor may change or delete this image');
    return media;
  }

  private async read(id: string): Promise<MediaModel | undefined> {
    return (await this.em.getKnex()('media as m').first(MEDIA_COLUMNS).where('m.id', id)) as MediaModel | undefined;
  }

  /** What uses the image, in words; articles the viewer may not see are counted, not named. */
  private async describeUses(trx: Knex.Transaction, media: MediaModel): Promise<string[]> {
    const articles = (await trx('article as a')
      .select({ id: 'a.id', title: 'a.title', authorId: 'a.author_id', status: 'a.status', publishedAt: 'a.published_at', deletedAt: 'a.deleted_at' })
      .select(trx.raw('a.cover_image_id is not distinct from ? as "asCover"', [media.id]))
      .where('a.cover_image_id', media.id)
      .orWhereRaw('strpos(a.body, ?) > 0', [`/media/${media.sha256}`])
      .orderBy('a.title')) as UsingArticle[];
    const uses: string[] = [];
    let hidden = 0;
    for (const article of articles) {
      const facts = { ...article, publishedAt: toDate(article.publishedAt), deletedAt: toDate(article.deletedAt) };
      if (!canSeeArticle(this.viewer, facts)) hidden += 1;
      else uses.push(`article "${article.title}" (${article.asCover ? 'cover image' : 'in its body'})`);
    }
    if (hidden > 0) uses.push(`${hidden} other article(s)`);
    if (await trx('site').first('id').where('banner_image_id', media.id)) uses.push('the site banner');
    return uses;
  }
}

function toDate(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
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
