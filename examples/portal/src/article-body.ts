import sanitizeHtml from 'sanitize-html';
import type { MediaData } from './queries';

/** The elements Bulletin's own sanitizer lets through; anything else is dropped here as well. */
const BODY_TAGS = [
  'p', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'a',
  'figure', 'figcaption', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'code', 'pre',
];

/** Article column width on this site's layout: what the browser picks a srcSet entry for. */
export const ARTICLE_IMAGE_SIZES = '(max-width: 760px) 100vw, 720px';

export interface BodyImages {
  /** Base for the body's relative image sources: Bulletin's public origin, as its media URLs give it. */
  mediaBase: string;
  /** The article's cover: when the body shows it, it gets the cover's srcSet. */
  cover: MediaData | null;
}

/**
 * Bulletin sends sanitized HTML whose images are relative to Bulletin ("/media/<key>"). Markup
 * is inserted unescaped, so it goes through an allowlist again here (the API is trusted, but a
 * frontend should not depend on that alone), image sources become absolute Bulletin URLs, and the
 * cover photo the body places gets a responsive srcset.
 */
export function renderArticleBody(html: string, images: BodyImages): string {
  const coverPath = images.cover ? new URL(images.cover.url).pathname : null;
  return sanitizeHtml(html, {
    allowedTags: BODY_TAGS,
    allowedAttributes: {
      a: ['href', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading', 'decoding'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName, attribs) => {
        const source = absoluteSource(attribs.src, images.mediaBase);
        if (!source) return { tagName, attribs: {} };
        const responsive: Record<string, string> = images.cover && new URL(source).pathname === coverPath ? { srcset: images.cover.srcSet, sizes: ARTICLE_IMAGE_SIZES } : {};
        return { tagName, attribs: { ...attribs, src: source, ...responsive, decoding: 'async' } };
      },
    },
  });
}

function absoluteSource(src: string | undefined, base: string): string | null {
  if (!src) return null;
  try {
    return new URL(src, `${base}/`).toString();
  } catch {
    return null;
  }
}
