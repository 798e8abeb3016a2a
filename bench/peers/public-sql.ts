/**
 * Bulletin's read semantics as SQL, written by hand for the floor (P1) and for the bench's choice
 * of inputs: the public visibility rule (src/modules/article/article.policy.ts), the full-text
 * document (src/modules/article/article.queries.ts SEARCH_DOCUMENT, which its index is built on)
 * and the folding of a search into a tsquery (searchQueryText there). The answer check catches
 * any drift from Bulletin.
 */

export const visible = (alias: string): string => `${alias}.status = 'PUBLISHED' and ${alias}.published_at <= now() and ${alias}.deleted_at is null`;

export const searchDocument = (alias: string): string => `${alias}.search_document`;

/** A search text → tsquery text: NFC, no tones, đ → d, every word, the last one as a prefix; null without a word. */
export function searchQueryText(search: string): string | null {
  const folded = search
    .normalize('NFC')
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
  const words = folded.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word, i) => (i === words.length - 1 ? `${word}:*` : word)).join(' & ');
}
