import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/errors';
import { assertUuid } from '../../shared/uuid';
import { isSignedIn, type Viewer } from '../identity';
import { cleanMediaText } from './media-fields';
import type { MediaPipeline } from './media-pipeline';
import type { MediaListArgs, UpdateMediaInput } from './media.inputs';
import { MEDIA_COLUMNS, type MediaModel } from './media.model';
import { applyMediaReadFilter, canManageMedia } from './media.policy';
import type { MediaUsage } from './media-usage';

/** Newest first. */
const MEDIA_ORDER: KeysetOrder = { kind: 'media', keys: [{ sql: 'm.created_at', cast: 'timestamptz' }, { sql: 'm.id', cast: 'uuid' }], descending: true };

/** The media library: lookups, the staff list, alt/caption edits and deletion. Uploads are POST /media. */
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly pipeline: MediaPipeline,
    private readonly cursors: CursorCodec,
    /** Everything that can show an image (articles, the site banner, …), registered by the wiring. */
    private readonly usages: readonly MediaUsage[],
  ) {}

  /** Hidden ≡ not found (null): which images exist for the viewer is applyMediaReadFilter's, over the registered usages. */
  async find(id: string): Promise<MediaModel | null> {
    const knex = this.em.getKnex();
    const qb = knex('media as m').first(MEDIA_COLUMNS).where('m.id', assertUuid(id, 'id'));
    applyMediaReadFilter(qb, knex, this.viewer, this.usages);
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
    if (!isSignedIn(this.viewer)) throw new UnauthenticatedError();
    const media = await this.read(assertUuid(id, 'id'));
    if (!media) throw new NotFoundError('No such media');
    if (!canManageMedia(this.viewer, media)) throw new ForbiddenError('Only the uploader or an editor may change or delete this image');
    return media;
  }

  private async read(id: string): Promise<MediaModel | undefined> {
    return (await this.em.getKnex()('media as m').first(MEDIA_COLUMNS).where('m.id', id)) as MediaModel | undefined;
  }

  /** What uses the image, in words, from every registered usage; uses the viewer may not see are counted, not named. */
  private async describeUses(trx: Knex.Transaction, media: MediaModel): Promise<string[]> {
    const uses: string[] = [];
    for (const usage of this.usages) uses.push(...(await usage.describeUses(trx, media, this.viewer)));
    return uses;
  }
}
