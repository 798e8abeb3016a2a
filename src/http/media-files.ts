import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { FORMATS, parseMediaKey } from '../modules/media/media-formats';
import type { MediaPipeline } from '../modules/media/media-pipeline';
import type { ByteRange } from '../modules/media/media-storage';
import { answerNotModified, send, type Headers } from './reply';

export interface MediaFilesDeps {
  media: MediaPipeline;
  knex: Knex;
  log: Logger;
}

function notFound(reply: FastifyReply): void {
  send(reply, 404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, 'Not found');
}

/**
 * Serves stored media bytes (GET and HEAD), originals and variants, through the storage adapter.
 * Keys are content hashes (a variant's key names its original's hash, width and format), so a URL
 * never changes meaning: cache it forever. Nothing but a well-formed key reaches storage.
 * Variants are made on first request (see MediaPipeline.ensureVariant).
 */
export async function serveMediaFile(req: IncomingMessage, reply: FastifyReply, deps: MediaFilesDeps, key: string): Promise<void> {
  const parsed = parseMediaKey(key);
  if (!parsed) return notFound(reply);
  if (parsed.kind === 'variant' && !(await deps.media.ensureVariant(deps.knex, parsed, key))) return notFound(reply);
  const stat = await deps.media.storage.stat(key);
  if (!stat) return notFound(reply);

  const etag = parsed.kind === 'original' ? `"${parsed.sha256}"` : `"${parsed.sha256}-w${parsed.width}-${FORMATS[parsed.format].extension}"`;
  const headers: Headers = {
    'content-type': FORMATS[parsed.format].mimeType,
    etag,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // An image opened directly is a document: it may load nothing and run nothing. (An SVG is
    // sanitized when uploaded; this is defence in depth. Its inline presentation may apply.)
    'content-security-policy': parsed.format === 'svg' ? "default-src 'none'; style-src 'unsafe-inline'; sandbox" : "default-src 'none'; sandbox",
    'accept-ranges': 'bytes',
  };
  if (answerNotModified(req, reply, etag, headers)) return;

  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, stat.bytes) : undefined;
  if (range === 'unsatisfiable') {
    send(reply, 416, { ...headers, 'content-range': `bytes */${stat.bytes}`, 'content-length': 0 });
    return;
  }
  const status = range ? 206 : 200;
  const length = range ? range.end - range.start + 1 : stat.bytes;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${stat.bytes}`;
  if (req.method === 'HEAD') {
    send(reply, status, { ...headers, 'content-length': length });
    return;
  }
  const body = await deps.media.storage.get(key, range);
  // CASE: deleted between stat and get.
  if (!body) return notFound(reply);
  body.once('error', (error: NodeJS.ErrnoException) => {
    // A client that goes away mid-download is normal; anything else is worth a line.
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') deps.log.warn({ err: error, key }, 'media download failed');
  });
  // Fastify pipes the stream and destroys both ends when either fails.
  send(reply, status, { ...headers, 'content-length': length }, body);
}

/**
 * One byte range (RFC 9110 §14.1.2): "bytes=a-b", "bytes=a-", "bytes=-n". undefined: no usable
 * Range header (absent, malformed, or several ranges), so the whole file is sent.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Number(match[2]);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end: Math.min(end, size - 1) };
}
