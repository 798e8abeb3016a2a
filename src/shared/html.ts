import sanitizeHtml from 'sanitize-html';
import { nfc } from './text';

export interface SanitizeOptions {
  /**
   * Absolute URL prefix under which images may live, e.g. "https://news.example/media/".
   * Relative "/media/<key>" sources are always accepted; every other image source is dropped.
   */
  mediaUrlPrefix?: string;
}

const ALLOWED_TAGS = [
  'p', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'a',
  'figure', 'figcaption', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'code', 'pre',
];

/** Disallowed elements whose content is not readable text either: drop it with the tag. */
const DROP_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'xmp', 'iframe', 'noscript', 'object', 'embed', 'template', 'svg', 'math', 'title', 'head'];

const RELATIVE_MEDIA_PREFIX = '/media/';
/** What may follow a media prefix: one path segment, so "/media/../x" or "/media/a/b" never pass. */
const MEDIA_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DIMENSION = /^\d{1,4}$/;

function isAllowedImageSource(src: string | undefined, mediaUrlPrefix: string | undefined): boolean {
  if (!src) return false;
  const prefixes = mediaUrlPrefix ? [RELATIVE_MEDIA_PREFIX, mediaUrlPrefix] : [RELATIVE_MEDIA_PREFIX];
  return prefixes.some((prefix) => src.startsWith(prefix) && MEDIA_FILE_NAME.test(src.slice(prefix.length)) && !src.includes('..'));
}

/**
 * Article bodies come from editors and importers: keep the structure a news article needs and
 * nothing that can run code, load foreign content or restyle the page.
 */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions = {}): string {
  const mediaUrlPrefix = options.mediaUrlPrefix ? options.mediaUrlPrefix.replace(/\/*$/, '/') : undefined;
  const clean = sanitizeHtml(nfc(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const { rel: _ignoredRel, target, ...rest } = attribs;
        // CASE: a link opening a new tab must not hand the new page a handle on ours (window.opener).
        const newTab: Record<string, string> = target === '_blank' ? { target, rel: 'noopener noreferrer' } : {};
        return { tagName, attribs: { ...rest, ...newTab } };
      },
      img: (tagName, attribs) => {
        const kept: Record<string, string> = {};
        if (isAllowedImageSource(attribs.src, mediaUrlPrefix)) kept.src = attribs.src;
        if (attribs.alt !== undefined) kept.alt = attribs.alt;
        if (DIMENSION.test(attribs.width ?? '')) kept.width = attribs.width;
        if (DIMENSION.test(attribs.height ?? '')) kept.height = attribs.height;
        return { tagName, attribs: kept };
      },
    },
    // An image whose source was refused is removed entirely rather than left as a broken <img>.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return nfc(clean);
}

const BLOCK_TAGS = ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figure', 'figcaption', 'tr', 'th', 'td', 'br', 'hr', 'pre', 'div'];
const BLOCK_TAG_MARKUP = /<\/?[a-z0-9]+\s*\/?>/g;

/**
 * Readable text of an HTML fragment: tags removed (blocks become word breaks), entities decoded,
 * whitespace collapsed. For search documents and word counts, never for display as HTML.
 */
export function htmlToPlainText(html: string): string {
  // Keep only bare block tags (no attributes), then turn each into a space: "<p>a</p><p>b</p>" → "a b".
  const blocksOnly = sanitizeHtml(nfc(html), {
    allowedTags: BLOCK_TAGS,
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
  });
  // sanitize-html decodes every entity while parsing and re-escapes only these four on output.
  const text = blocksOnly
    .replace(BLOCK_TAG_MARKUP, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return text.replace(/\s+/g, ' ').trim();
}

/** Words as readers count them; a Vietnamese syllable written between spaces counts as one. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) count += 1;
  return count;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use inside HTML element content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}
