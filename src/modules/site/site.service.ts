import type { Knex } from '@mikro-orm/postgresql';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { cleanAdsTxt } from './ads-txt';
import type { UpdateSiteInput } from './site.inputs';
import type { SiteModel } from './site.model';

/** In characters (shared/text.ts textLength). */
export const SITE_NAME_MAX = 200;
export const SITE_TAGLINE_MAX = 500;

const SITE_COLUMNS = { id: 's.id', name: 's.name', tagline: 's.tagline', bannerImageId: 's.banner_image_id', adsTxt: 's.ads_txt' };

export class SiteService {
  constructor(private readonly knex: Knex) {}

  async get(): Promise<SiteModel> {
    const site = await this.knex('site as s').first(SITE_COLUMNS).orderBy('s.created_at');
    // CASE: every start seeds a site row; a missing one means the database was emptied by hand.
    if (!site) throw new NotFoundError('The site is not configured yet');
    return site as SiteModel;
  }

  /** Admins (the resolver's role gate): the publication's name, tagline, banner and ads.txt. */
  async update(input: UpdateSiteInput): Promise<SiteModel> {
    const site = await this.get();
    const changes: Record<string, string | null | Date> = {};
    if (input.name != null) changes.name = boundedText(input.name, 'name', SITE_NAME_MAX, false) as string;
    if (input.tagline !== undefined) changes.tagline = input.tagline === null ? null : boundedText(input.tagline, 'tagline', SITE_TAGLINE_MAX, true);
    if (input.bannerId !== undefined) changes.banner_image_id = input.bannerId === null ? null : await this.image(input.bannerId);
    if (input.adsTxt !== undefined) changes.ads_txt = cleanAdsTxt(input.adsTxt);
    if (Object.keys(changes).length > 0) await this.knex('site').update({ ...changes, updated_at: new Date() }).where('id', site.id);
    return this.get();
  }

  private async image(id: string): Promise<string> {
    const media = await this.knex('media').first('id').where('id', assertUuid(id, 'bannerId'));
    if (!media) throw new BadInputError('"bannerId" names no image', 'bannerId');
    return media.id;
  }
}

function boundedText(value: string, field: string, max: number, emptyIsNull: boolean): string | null {
  const text = cleanPlainText(value);
  if (text === '') {
    if (emptyIsNull) return null;
    throw new BadInputError(`"${field}" must not be empty`, field);
  }
  if (textLength(text) > max) throw new BadInputError(`"${field}" must be at most ${max} characters`, field);
  return text;
}
