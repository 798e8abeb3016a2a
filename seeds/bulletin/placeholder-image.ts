import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { escapeHtml } from '../../src/shared/html';
import { nfc } from '../../src/shared/text';
import type { PlaceholderKind } from './parse-bulletin';

/**
 * Stand-in images for the placeholders of a scraped page ("image banner", "anh tin bai", …): the
 * scrape kept no image bytes, but the API, the media route and the editors' UI need real files.
 */

export interface ImageSize {
  width: number;
  height: number;
}

export const PLACEHOLDER_SIZES: Record<PlaceholderKind, ImageSize> = {
  banner: { width: 1200, height: 200 },
  'article-photo': { width: 800, height: 533 },
  // The IAB "medium rectangle", the usual sidebar ad slot.
  advertisement: { width: 300, height: 250 },
};

export interface RenderedImage {
  bytes: Buffer;
  width: number;
  height: number;
  mimeType: 'image/png';
  extension: 'png';
}

/** Calm, readable background colours behind white text. */
const BACKGROUNDS = ['#1d4e89', '#2a6f97', '#3a7d44', '#7b2d26', '#5c4b8a', '#8a5a00', '#00695c', '#37474f'];

/**
 * A PNG showing the label on a coloured background, with a simple "photo" drawing so the image
 * still reads as a placeholder where no font is installed (the label is also kept as alt text).
 * Same label and size → same bytes; the colour comes from the label, so labels differ visibly.
 */
export async function renderPlaceholderImage(label: string, size: ImageSize): Promise<RenderedImage> {
  const text = nfc(label).trim();
  const digest = createHash('sha256').update(`${text}|${size.width}x${size.height}`).digest();
  const background = BACKGROUNDS[digest[0] % BACKGROUNDS.length];
  const svg = placeholderSvg(text, size, background, digest[1] / 255);
  const bytes = await sharp(Buffer.from(svg))
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
  return { bytes, width: size.width, height: size.height, mimeType: 'image/png', extension: 'png' };
}

function placeholderSvg(label: string, { width, height }: ImageSize, background: string, variation: number): string {
  const unit = Math.min(width, height);
  // Rough fit: a DejaVu Sans glyph is about 0.6 em wide.
  const fontSize = Math.round(Math.min(unit * 0.2, (width * 0.8) / Math.max(1, label.length * 0.6)));
  const hillTop = Math.round(height * (0.45 + variation * 0.15));
  const sunX = Math.round(width * (0.7 + variation * 0.2));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${background}"/>`,
    `<circle cx="${sunX}" cy="${Math.round(height * 0.25)}" r="${Math.round(unit * 0.1)}" fill="#ffffff" fill-opacity="0.25"/>`,
    `<polygon points="0,${height} ${Math.round(width * 0.3)},${hillTop} ${Math.round(width * 0.55)},${height}" fill="#ffffff" fill-opacity="0.18"/>`,
    `<polygon points="${Math.round(width * 0.35)},${height} ${Math.round(width * 0.65)},${Math.round(height * 0.55)} ${width},${height}" fill="#ffffff" fill-opacity="0.12"/>`,
    `<text x="${width / 2}" y="${height / 2}" dominant-baseline="middle" text-anchor="middle" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="${fontSize}" font-weight="bold" fill="#ffffff">${escapeHtml(label)}</text>`,
    '</svg>',
  ].join('');
}
