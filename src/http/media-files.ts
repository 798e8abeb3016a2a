import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const STORAGE_KEY = /^([a-f0-9]{64})\.(jpg|png|webp|gif|avif)$/;
const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif' };

/**
 * Serves stored media bytes. Keys are content hashes, so a URL never changes meaning:
 * cache it forever. Nothing outside the media directory can be named (the key pattern has no path).
 */
export async function serveMediaFile(req: IncomingMessage, res: ServerResponse, mediaDir: string, key: string): Promise<void> {
  const match = STORAGE_KEY.exec(key);
  const file = match ? path.join(mediaDir, key) : null;
  const stat = file ? await fs.promises.stat(file).catch(() => null) : null;
  if (!match || !file || !stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('Not found');
    return;
  }
  const etag = `"${match[1]}"`;
  const headers = {
    'content-type': MIME[match[2]],
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': stat.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file).pipe(res);
}
