import type { AdServingData, AdSlotsData } from './queries';

export interface AdModel {
  clickUrl: string;
  alt: string;
  width: number;
  height: number;
  src: string;
  srcSet: string;
  /** Beacons: rendered (impression) and ≥ 50% in view for ≥ 1 s (viewable), by the serving's token. */
  impressionUrl: string;
  viewableUrl: string;
}

/** The servings of the sidebar slots, in slot order; an empty or inactive slot shows nothing. */
export function sidebarAds(data: AdSlotsData, bulletinUrl: string): AdModel[] {
  return [data.ad1, data.ad2, data.ad3].flatMap((slot) => (slot?.ads ?? []).map((serving) => adModel(serving, bulletinUrl)));
}

function adModel(serving: AdServingData, bulletinUrl: string): AdModel {
  const token = encodeURIComponent(serving.impressionToken);
  return {
    clickUrl: serving.clickUrl,
    alt: serving.creative.alt,
    width: serving.creative.width,
    height: serving.creative.height,
    src: serving.creative.image.url,
    srcSet: serving.creative.image.srcSet,
    impressionUrl: `${bulletinUrl}/ads/impression/${token}`,
    viewableUrl: `${bulletinUrl}/ads/viewable/${token}`,
  };
}
