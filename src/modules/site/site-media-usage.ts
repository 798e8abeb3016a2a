import type { Knex } from '@mikro-orm/postgresql';
import type { MediaUsage } from '../media';

/** The site banner shows its image to everyone. */
export const siteMediaUsage: MediaUsage = {
  publicUse(knex: Knex) {
    return knex('site as s').select(knex.raw('1')).whereRaw('s.banner_image_id = m.id');
  },

  async describeUses(trx: Knex.Transaction, media: { id: string }) {
    return (await trx('site').first('id').where('banner_image_id', media.id)) ? ['the site banner'] : [];
  },
};
