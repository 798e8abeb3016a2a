/** Normalizes text for storage: Unicode NFC, so NFD input (common from macOS and some IMEs) compares equal. */
export function nfc(value: string): string {
  return value.normalize('NFC');
}

/**
 * The one length every text limit counts: Unicode code points of the NFC form. A letter such as
 * "ệ" is one whether it was typed precomposed or decomposed (NFD, from macOS and some IMEs), and
 * an emoji beyond the BMP is one, not its two UTF-16 units. The API's "characters" mean this.
 */
export function textLength(value: string): number {
  let count = 0;
  for (const _codePoint of nfc(value)) count += 1;
  return count;
}

/** A limit as the API descriptions write it: digits in groups of three, "200 000". */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Plain-text field: NFC, trimmed. Content is otherwise kept exactly as written. */
export function cleanPlainText(value: string): string {
  return nfc(value).trim();
}

const VIETNAMESE_FOLD: Record<string, string> = { đ: 'd', Đ: 'D' };

/** Removes diacritics (tones and vowel marks) and maps đ → d: "Dương Kinh" → "Duong Kinh". */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (ch) => VIETNAMESE_FOLD[ch] ?? ch)
    .normalize('NFC');
}
