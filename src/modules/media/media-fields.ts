import { BadInputError } from '../../shared/errors';
import { cleanPlainText, nfc, textLength } from '../../shared/text';

export const ALT_MAX_LENGTH = 1_000;
export const CAPTION_MAX_LENGTH = 2_000;
export const ORIGINAL_NAME_MAX_LENGTH = 255;

// Line breaks are fine in a caption, not other control characters (or lone surrogate halves).
const FORBIDDEN = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

/** Alt text or caption: NFC and trimmed; empty means none. */
export function cleanMediaText(value: string | null | undefined, field: 'alt' | 'caption'): string | null {
  if (value == null) return null;
  const text = cleanPlainText(value);
  const max = field === 'alt' ? ALT_MAX_LENGTH : CAPTION_MAX_LENGTH;
  if (textLength(text) > max) throw new BadInputError(`"${field}" must be at most ${max} characters`, field);
  if (FORBIDDEN.test(text)) throw new BadInputError(`"${field}" must be plain text`, field);
  return text === '' ? null : text;
}

/**
 * The uploader's file name, kept as metadata only (it never names a stored file): the last path
 * component ("C:\\fakepath\\photo.jpg" → "photo.jpg"), NFC, control characters removed, trimmed, at most
 * 255 characters. A name that climbs directories ("../../x.jpg") is refused outright.
 */
export function cleanOriginalName(value: string | null | undefined): string | null {
  if (value == null) return null;
  // CASE: no browser or curl sends a relative path; "../" in a file name is somebody probing.
  if (/(^|[/\\])\.\.([/\\]|$)/.test(value)) {
    throw new BadInputError('The file name must not contain a path such as "../"; send the file under its own name', 'originalName');
  }
  const lastComponent = nfc(value).split(/[/\\]/).pop() ?? '';
  const name = [...lastComponent.replace(/\p{Cc}|\p{Cf}|\p{Cs}/gu, '').trim()].slice(0, ORIGINAL_NAME_MAX_LENGTH).join('').trim();
  return name === '' || name === '.' || name === '..' ? null : name;
}
