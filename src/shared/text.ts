/** Normalizes text for storage: Unicode NFC, so NFD input (common from macOS and some IMEs) compares equal. */
export function nfc(value: string): string {
  return value.normalize('NFC');
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
