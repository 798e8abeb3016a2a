import fs from 'node:fs';
import type { Readable } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import { FORMATS, type RasterFormat, type StoredFormat } from './media-formats';
import { codeForHttpStatus } from '../../shared/error-codes';
import { isSvgDocument } from './media-svg';

// Input files are deleted right after processing: do not let libvips keep them open in its cache.
sharp.cache({ files: 0 });

/** Why an upload was refused; `status` and `code` are what the HTTP answer carries. */
export class MediaRejection extends Error {
  constructor(
    readonly status: 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'MediaRejection';
  }

  get code(): string {
    return codeForHttpStatus(this.status);
  }
}

const ACCEPTED = 'JPEG, PNG, WebP, GIF or AVIF';

/**
 * The type the first bytes announce; never the file name or the Content-Type a client sent.
 * SVG (XML text with an `<svg>` root) is refused unless `allowSvg` (MEDIA_ALLOW_SVG).
 */
export function sniffFormat(head: Buffer, options: { allowSvg?: boolean } = {}): StoredFormat | { refused: string } {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (ascii.slice(4, 8) === 'ftyp') {
    const boxSize = Math.min(head.readUInt32BE(0), head.length);
    const brands = [ascii.slice(8, 12)];
    for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii.slice(at, at + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
    if (brands.some((brand) => ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1'].includes(brand))) {
      return { refused: `HEIC/HEIF images are not accepted; export the photo as JPEG (accepted: ${ACCEPTED})` };
    }
  }
  const text = ascii.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().slice(0, 1024).toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || /^<(head|body|script|meta|div|p)[\s>]/.test(text)) {
    return { refused: `This file is an HTML document, not an image (accepted: ${ACCEPTED})` };
  }
  const svg = isSvgDocument(ascii);
  if (svg && options.allowSvg) return 'svg';
  if (svg || (!options.allowSvg && text.includes('<svg'))) {
    return { refused: `SVG images are not accepted (they can carry scripts); upload a ${ACCEPTED} image` };
  }
  return { refused: `This file is not an image in an accepted format (accepted: ${ACCEPTED})` };
}

async function readHead(input: string | Buffer, length = 1024): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input.subarray(0, length);
  const handle = await fs.promises.open(input, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface InspectedImage {
  format: RasterFormat;
  /** Frames of an animated GIF or WebP; 1 otherwise. */
  pages: number;
}

/**
 * Checks type and size from the headers alone, before any pixel is decoded: a 14000×14000 PNG
 * of zeros is a 200 KB file that would need 600 MB of memory.
 */
export async function inspectImage(input: string | Buffer, maxPixels: number, options: { allowSvg?: boolean } = {}): Promise<InspectedImage | { format: 'svg' }> {
  const sniffed = sniffFormat(await readHead(input), options);
  if (typeof sniffed !== 'string') throw new MediaRejection(415, sniffed.refused);
  // SVG is text, not pixels: it is sanitized (media-svg.ts), never decoded by sharp.
  if (sniffed === 'svg') return { format: 'svg' };
  const label = FORMATS[sniffed].label;
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaRejection(415, `This file looks like ${label} but cannot be read as an image`);
  }
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  if (format !== sniffed || !metadata.width || !metadata.height) {
    throw new MediaRejection(415, `This file looks like ${label} but cannot be read as an image`);
  }
  const pages = metadata.pages ?? 1;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  const pixels = metadata.width * frameHeight * pages;
  if (pixels > maxPixels) {
    const frames = pages > 1 ? ` × ${pages} frames` : '';
    throw new MediaRejection(
      422,
      `The image is ${metadata.width}×${frameHeight}${frames} pixels (${megapixels(pixels)} megapixels); the limit is ${megapixels(maxPixels)} megapixels`,
    );
  }
  return { format: sniffed, pages };
}

function megapixels(pixels: number): string {
  return String(Math.round(pixels / 100_000) / 10);
}

const ORIGINAL_QUALITY = { jpeg: 90, webp: 90, avif: 60 };
const VARIANT_QUALITY = { jpeg: 80, webp: 78, avif: 50 };

function encode(pipeline: Sharp, format: RasterFormat, quality: { jpeg: number; webp: number; avif: number }): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: quality.jpeg, mozjpeg: true });
    case 'png':
      return pipeline.png();
    case 'webp':
      return pipeline.webp({ quality: quality.webp });
    case 'gif':
      return pipeline.gif();
    case 'avif':
      // AVIF encoding is slow; effort 2 of 9 keeps a full-size variant around a second on one core.
      return pipeline.avif({ quality: quality.avif, effort: 2 });
  }
}

/** A pipeline reading `input`, or a stream piped into it when no input is given. */
function open(input: string | Buffer | undefined, maxPixels: number, animated: boolean): Sharp {
  // failOn 'error': refuse truncated or corrupt data, tolerate the harmless warnings many cameras cause.
  const options: sharp.SharpOptions = { limitInputPixels: maxPixels, failOn: 'error', animated };
  return input === undefined ? sharp(options) : sharp(input, options);
}

export interface EncodedOriginal {
  width: number;
  height: number;
  bytes: number;
}

/**
 * The stored original: upright (EXIF orientation applied) and re-encoded in its own format with no
 * metadata at all (sharp writes EXIF, XMP, IPTC and ICC only when asked to), so no GPS position,
 * camera serial or thumbnail survives. Written to `output`, or returned when no output is given.
 */
export async function encodeOriginal(input: string | Buffer, image: InspectedImage, maxPixels: number, output: string): Promise<EncodedOriginal>;
export async function encodeOriginal(input: string | Buffer, image: InspectedImage, maxPixels: number): Promise<EncodedOriginal & { data: Buffer }>;
export async function encodeOriginal(input: string | Buffer, image: InspectedImage, maxPixels: number, output?: string): Promise<EncodedOriginal & { data?: Buffer }> {
  const pipeline = encode(open(input, maxPixels, image.pages > 1).autoOrient(), image.format, ORIGINAL_QUALITY);
  try {
    if (output) {
      const info = await pipeline.toFile(output);
      return { width: info.width, height: info.pageHeight ?? info.height, bytes: info.size };
    }
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.pageHeight ?? info.height, bytes: data.length, data };
  } catch (error) {
    throw new MediaRejection(415, `The image data is damaged or truncated (${FORMATS[image.format].label}): ${(error as Error).message}`);
  }
}

/** A smaller (or re-formatted) copy of a stored original, read as a stream from storage. */
export async function encodeVariant(source: Readable, width: number, format: RasterFormat, maxPixels: number): Promise<Buffer> {
  const animated = format === 'gif' || format === 'webp';
  const pipeline = encode(open(undefined, maxPixels, animated).resize({ width, withoutEnlargement: true }), format, VARIANT_QUALITY);
  source.on('error', (error) => pipeline.destroy(error));
  source.pipe(pipeline);
  try {
    return await pipeline.toBuffer();
  } finally {
    source.destroy();
  }
}
