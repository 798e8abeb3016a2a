import type { SiteData } from './queries';

/**
 * The page loads its own script and stylesheet, and images and beacons from Bulletin; nothing
 * else may run or load. The JSON-LD block is data (not script), which CSP does not block.
 * Bulletin's origins: where browsers send beacons, and where its media URLs point (its
 * PUBLIC_URL, seen in the answer), which may be another host.
 */
export function contentSecurityPolicy(bulletinPublicUrl: string, site?: SiteData): string {
  const origins = new Set([new URL(bulletinPublicUrl).origin]);
  if (site?.bannerImage) origins.add(new URL(site.bannerImage.url).origin);
  const bulletin = [...origins].join(' ');
  return [
    "default-src 'self'",
    `img-src 'self' ${bulletin} data:`,
    `connect-src 'self' ${bulletin}`,
    "script-src 'self'",
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
