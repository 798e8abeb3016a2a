import type { MikroORM } from '@mikro-orm/postgresql';
import { AdCampaign, AdCreative, AdSlot } from '../../src/modules/ad';
import { AdCampaignStatus, AdPriority } from '../../src/modules/ad/ad.enums';
import { Media } from '../../src/modules/media/media.entity';
import { PLACEHOLDER_SIZES } from '../bulletin/placeholder-image';

export const HOUSE_ADVERTISER = 'Bulletin (house ads)';

/**
 * The bulletin's sidebar: one slot per advertisement image of the page ("sidebar-1", …), each with
 * a REMNANT house campaign whose creative is that image, linking to the site itself. Slots that
 * already exist are left as they are (an editor may have changed them).
 */
export async function ensureHouseAds(orm: MikroORM, images: readonly { media: Media; alt: string }[], siteUrl: string): Promise<void> {
  const em = orm.em.fork();
  const size = PLACEHOLDER_SIZES.advertisement;
  for (const [index, { media, alt }] of images.entries()) {
    const key = `sidebar-${index + 1}`;
    if (await em.findOne(AdSlot, { key })) continue;
    const slot = em.create(AdSlot, { key, name: `Sidebar ${index + 1}`, sizes: [{ width: size.width, height: size.height }] });
    const campaign = em.create(AdCampaign, { advertiser: HOUSE_ADVERTISER, priority: AdPriority.REMNANT, status: AdCampaignStatus.ACTIVE });
    campaign.slots.add(slot);
    em.create(AdCreative, { campaign, image: em.getReference(Media, media.id), alt, clickUrl: `${siteUrl}/`, width: media.width ?? size.width, height: media.height ?? size.height });
  }
  await em.flush();
}
