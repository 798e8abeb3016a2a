/**
 * The page loads its own script and stylesheet, and images and beacons from Bulletin; nothing
 * else may run or load. The JSON-LD block is data (not script), which CSP does not block.
 */
export function contentSecurityPolicy(bulletinUrl: string): string {
  const bulletin = new URL(bulletinUrl).origin;
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
