import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Asset {
  /** Content-addressed URL: the file can be cached for a year and a change still shows at once. */
  url: string;
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

/** The stylesheet, the script and the icon, read once at start. */
export function loadAssets(dir: string, names: string[]): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of names) {
    const body = fs.readFileSync(path.join(dir, name));
    const ext = path.extname(name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const url = `/assets/${path.basename(name, ext)}.${hash}${ext}`;
    assets.set(name, { url, body, contentType: TYPES[ext] ?? 'application/octet-stream' });
  }
  return assets;
}
