import type { Knex } from '@mikro-orm/postgresql';
import { isEditor, type Viewer } from '../identity';
import type { MediaUsage } from '../media';

/** An image is public while a live creative (active, not deleted, of an ACTIVE campaign) shows it. */
export const adMediaUsage: MediaUsage = {
  publicUse(knex: Knex) {
    return knex('ad_creative as cr')
      .select(knex.raw('1'))
      .join('ad_campaign as ca', 'ca.id', 'cr.campaign_id')
      .whereRaw('cr.image_id = m.id')
      .where('cr.active', true)
      .whereNull('cr.deleted_at')
      .whereNull('ca.deleted_at')
      .where('ca.status', 'ACTIVE');
  },

  /** Any creative holds its image (deleted ones too: their stats name it). Only editors learn which advertisers. */
  async describeUses(trx: Knex.Transaction, media: { id: string }, viewer: Viewer) {
    const rows: { advertiser: string }[] = await trx('ad_creative as cr').join('ad_campaign as ca', 'ca.id', 'cr.campaign_id').distinct('ca.advertiser').where('cr.image_id', media.id);
    if (rows.length === 0) return [];
    return isEditor(viewer) ? rows.map((row) => `an ad of ${row.advertiser}`) : [`${rows.length === 1 ? 'an ad' : `${rows.length} ads`}`];
  },
};
