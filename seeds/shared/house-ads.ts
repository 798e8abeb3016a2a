import type { MikroORM } from '@mikro-orm/postgresql';
import { AdCampaign, AdCreative, AdSlot } from '../../src/modules/ad';
import { AdCampaignStatus, AdPriority } from '../../src/modules/ad/ad.enums';
import { Media } from '../../src/modules/media/media.entity';
import { sha256Of } from '../../src/modules/media/media-pipeline';
import type { ImagePlaceholder } from '../bulletin/parse-bulletin';
import { PLACEHOLDER_SIZES, renderPlaceholderImage } from '../bulletin/placeholder-image';

export const HOUSE_ADVERTISER = 'Bulletin (house ads)';

/**
 * The bulletin's sidebar: one slot per advertisement of the page ("sidebar-1", …), each with a
 * REMNANT house campaign whose creative is that advertisement's image (imported with the page,
 * found by the hash of its rendered bytes), linking to the site itself. Slots that already exist
 * are left as they are (an editor may have changed them).
 */
export async function ensureHouseAds(orm: MikroORM, advertisements: readonly ImagePlaceholder[], siteUrl: string): Promise<void> {
  const em = orm.em.fork();
  const size = PLACEHOLDER_SIZES.advertisement;
  for (const [index, ad] of advertisements.entries()) {
    const key = `sidebar-${index + 1}`;
    if (await em.findOne(AdSlot, { key })) continue;
    const image = await em.findOne(Media, { uploadSha256: sha256Of((await renderPlaceholderImage(ad.label, size)).bytes) });
    if (!image) throw new Error(`the image of advertisement ${index + 1} was not imported with the page`);
    const slot = em.create(AdSlot, { key, name: `Sidebar ${index + 1}`, sizes: [{ width: size.width, height: size.height }] });
    const campaign = em.create(AdCampaign, { advertiser: HOUSE_ADVERTISER, priority: AdPriority.REMNANT, status: AdCampaignStatus.ACTIVE });
    campaign.slots.add(slot);
    em.create(AdCreative, { campaign, image, alt: ad.alt, clickUrl: `${siteUrl}/`, width: image.width ?? size.width, height: image.height ?? size.height });
  }
  await em.flush();
}
