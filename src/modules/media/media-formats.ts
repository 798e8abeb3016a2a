import { registerEnumType } from 'type-graphql';

/**
 * Formats Bulletin stores. The stored original keeps the uploaded format. SVG (only when
 * MEDIA_ALLOW_SVG is on, and sanitized) is stored as its original alone: it has no variants.
 */
export type StoredFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'svg';
export type MediaExtension = 'jpg' | 'png' | 'webp' | 'gif' | 'avif' | 'svg';
/** Formats variants are made in (raster formats, through sharp). */
export type RasterFormat = Exclude<StoredFormat, 'svg'>;

/** Formats a client may ask a variant in (GIF only ever as the original's own format). */
export enum ImageFormat {
  JPEG = 'JPEG',
  WEBP = 'WEBP',
  AVIF = 'AVIF',
  PNG = 'PNG',
}

registerEnumType(ImageFormat, { name: 'ImageFormat', description: 'An output format for image variants' });

export const FORMATS: Record<StoredFormat, { extension: MediaExtension; mimeType: string; label: string }> = {
  jpeg: { extension: 'jpg', mimeType: 'image/jpeg', label: 'JPEG' },
  png: { extension: 'png', mimeType: 'image/png', label: 'PNG' },
  webp: { extension: 'webp', mimeType: 'image/webp', label: 'WebP' },
  gif: { extension: 'gif', mimeType: 'image/gif', label: 'GIF' },
  avif: { extension: 'avif', mimeType: 'image/avif', label: 'AVIF' },
  svg: { extension: 'svg', mimeType: 'image/svg+xml', label: 'SVG' },
};

const RASTER_FORMATS: RasterFormat[] = ['jpeg', 'png', 'webp', 'gif', 'avif'];

const BY_EXTENSION = new Map(Object.entries(FORMATS).map(([format, { extension }]) => [extension, format as StoredFormat]));
const BY_MIME = new Map(Object.entries(FORMATS).map(([format, { mimeType }]) => [mimeType, format as StoredFormat]));

export const IMAGE_FORMAT_TO_STORED: Record<ImageFormat, RasterFormat> = {
  [ImageFormat.JPEG]: 'jpeg',
  [ImageFormat.WEBP]: 'webp',
  [ImageFormat.AVIF]: 'avif',
  [ImageFormat.PNG]: 'png',
};

export function formatOfExtension(extension: string): StoredFormat | undefined {
  return BY_EXTENSION.get(extension as MediaExtension);
}

export function formatOfMimeType(mimeType: string): StoredFormat | undefined {
  return BY_MIME.get(mimeType);
}

/**
 * The only widths variants are made in, so nobody can ask for thousands of sizes. A request is
 * snapped up to the next one; the original's own width is always available too.
 */
export const WIDTH_LADDER = [160, 320, 640, 960, 1280, 1920] as const;

/** Widths available for an image `originalWidth` wide: the ladder below it, then the original width. */
export function availableWidths(originalWidth: number): number[] {
  return [...WIDTH_LADDER.filter((width) => width < originalWidth), originalWidth];
}

/** The smallest available width at least `requested` wide (never larger than the original). */
export function snapWidth(requested: number, originalWidth: number): number {
  return availableWidths(originalWidth).find((width) => width >= requested) ?? originalWidth;
}

// Stored keys are also the URL paths under /media/: `<sha256>.<ext>` for originals,
// `<sha256>/w<width>.<ext>` for variants (never SVG). Nothing else can name a stored object.
const ORIGINAL_KEY = /^([a-f0-9]{64})\.(jpg|png|webp|gif|avif|svg)$/;
const VARIANT_KEY = /^([a-f0-9]{64})\/w([1-9][0-9]{0,4})\.(jpg|png|webp|gif|avif)$/;

export type MediaKey =
  | { kind: 'original'; sha256: string; format: StoredFormat }
  | { kind: 'variant'; sha256: string; width: number; format: RasterFormat };

export function parseMediaKey(key: string): MediaKey | null {
  const original = ORIGINAL_KEY.exec(key);
  if (original) return { kind: 'original', sha256: original[1], format: formatOfExtension(original[2]) as StoredFormat };
  const variant = VARIANT_KEY.exec(key);
  if (variant) return { kind: 'variant', sha256: variant[1], width: Number(variant[2]), format: formatOfExtension(variant[3]) as RasterFormat };
  return null;
}

export function isMediaKey(key: string): boolean {
  return parseMediaKey(key) !== null;
}

export function originalKey(sha256: string, format: StoredFormat): string {
  return `${sha256}.${FORMATS[format].extension}`;
}

export function variantKey(sha256: string, width: number, format: RasterFormat): string {
  return `${sha256}/w${width}.${FORMATS[format].extension}`;
}

/** What URL builders need to know about a media row. */
export interface MediaSource {
  sha256: string;
  storageKey: string;
  mimeType: string;
  width: number | null;
}

/**
 * The key of the image in `width` (snapped) and `format` (default: the original's): the original
 * itself when that is what was asked for, else a variant key. Same arguments, same key, forever.
 */
export function keyFor(media: MediaSource, width?: number | null, format?: ImageFormat | null): string {
  const own = formatOfMimeType(media.mimeType);
  const wanted = format ? IMAGE_FORMAT_TO_STORED[format] : own;
  // CASE: a row without dimensions (not an image we processed) has only its original.
  // CASE: an SVG is drawn at any size by the browser; it is never resized or converted.
  if (media.width === null || !own || !wanted || own === 'svg' || wanted === 'svg') return media.storageKey;
  const snapped = width == null ? media.width : snapWidth(width, media.width);
  if (snapped === media.width && wanted === own) return media.storageKey;
  return variantKey(media.sha256, snapped, wanted);
}

/** Is `key` a variant that keyFor can produce for this image? (Variants are made only for those.) */
export function isOfferedVariant(key: Extract<MediaKey, { kind: 'variant' }>, media: MediaSource): boolean {
  const own = formatOfMimeType(media.mimeType);
  if (media.width === null || !own || own === 'svg' || key.sha256 !== media.sha256) return false;
  // GIF is no variant format: only a GIF original has GIF variants.
  if (key.format === 'gif' && own !== 'gif') return false;
  if (key.width === media.width && key.format === own) return false;
  return availableWidths(media.width).includes(key.width);
}

/** Every variant key that can exist for this image (used to delete them with it). */
export function allVariantKeys(media: MediaSource): string[] {
  if (media.width === null || formatOfMimeType(media.mimeType) === 'svg') return [];
  return availableWidths(media.width).flatMap((width) => RASTER_FORMATS.map((format) => variantKey(media.sha256, width, format)));
}

export function mediaUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/media/${key}`;
}

/** `url 160w, url 320w, …` for an <img srcset>, every available width in `format` (default: the original's). */
export function srcSet(publicUrl: string, media: MediaSource, format?: ImageFormat | null): string {
  // An SVG (one file for every size) or a row without dimensions: the original alone.
  if (media.width === null || formatOfMimeType(media.mimeType) === 'svg') return `${mediaUrl(publicUrl, media.storageKey)}`;
  return availableWidths(media.width)
    .map((width) => `${mediaUrl(publicUrl, keyFor(media, width, format))} ${width}w`)
    .join(', ');
}
