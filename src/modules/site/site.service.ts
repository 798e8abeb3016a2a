import type { Knex } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../shared/errors';
import type { SiteModel } from './site.model';

export class SiteService {
  constructor(private readonly knex: Knex) {}

  async get(): Promise<SiteModel> {
    const site = await this.knex('site as s')
      .first({ id: 's.id', name: 's.name', tagline: 's.tagline', bannerImageId: 's.banner_image_id' })
      .orderBy('s.created_at');
    // CASE: every start seeds a site row; a missing one means the database was emptied by hand.
    if (!site) throw new NotFoundError('The site is not configured yet');
    return site as SiteModel;
  }
}
