import { foldVietnamese } from './text';

export const SLUG_MAX_LENGTH = 120;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * URL slug from Vietnamese (or any Latin) text:
 * "Quận Dương Kinh tổ chức Ngày hội hiến máu" → "quan-duong-kinh-to-chuc-ngay-hoi-hien-mau".
 * Works the same for NFC and NFD input.
 */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  const slug = foldVietnamese(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary so a long title does not end in half a word.
  const cut = slug.slice(0, maxLength + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, maxLength)).replace(/-+$/, '');
}
