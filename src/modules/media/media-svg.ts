import sanitizeHtml from 'sanitize-html';

/**
 * SVG is XML that browsers run: it can carry scripts, event handlers, links, external resources
 * and, through a DOCTYPE, entity tricks (XXE, "billion laughs"). When SVG uploads are enabled
 * (MEDIA_ALLOW_SVG) the stored file is not what was uploaded but what is left after an allowlist
 * of drawing elements and presentation attributes: nothing else survives.
 */

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/**
 * Is this the start of an XML document whose root element is `<svg>`? Only an XML declaration,
 * processing instructions, comments, white space and a doctype naming `svg` may come before it.
 * (A doctype makes the document SVG-looking here; it is refused later, when SVG is allowed.)
 */
export function isSvgDocument(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, '').replace(/^\xEF\xBB\xBF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return false;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->', 4);
      if (end < 0) return false;
      rest = rest.slice(end + 3);
    } else if (/^<!DOCTYPE\s/i.test(rest)) {
      // The doctype names the root element.
      return /^<!DOCTYPE\s+svg[\s>[]/.test(rest);
    } else {
      return /^<svg[\s/>]/.test(rest);
    }
  }
}

const ALLOWED_TAGS = [
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
  'defs', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'use', 'symbol',
];

const PRESENTATION_ATTRIBUTES = [
  'viewBox', 'width', 'height', 'x', 'y', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'x1', 'y1', 'x2', 'y2',
  'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'opacity', 'fill-opacity', 'stroke-opacity',
  'transform', 'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'id', 'class',
  'font-size', 'font-family', 'text-anchor', 'xmlns', 'xmlns:xlink', 'preserveAspectRatio', 'clip-path', 'mask',
  'fill-rule', 'clip-rule',
];

/** Elements dropped together with everything inside them (not only their own tag). */
const DROPPED_WITH_CONTENT = ['script', 'style', 'foreignObject', 'iframe', 'noscript', 'textarea', 'option', 'xmp', 'noembed', 'noframes'];

/** Something worth drawing: a document with none of these is empty. */
const DRAWING = /<(path|rect|circle|ellipse|line|polyline|polygon|text|use)[\s>]/;

/** `url(...)` inside a value may only point into the document itself: `url(#id)`. */
function safeValue(value: string): boolean {
  // Browsers ignore control characters and white space inside a scheme ("java\tscript:").
  const squeezed = value.replace(/[\s\p{Cc}]/gu, '').toLowerCase();
  if (/(javascript|vbscript|data):/.test(squeezed)) return false;
  if (squeezed.includes('url(')) {
    const references = squeezed.match(/url\([^)]*\)/g) ?? [];
    if (squeezed.split('url(').length - 1 !== references.length) return false;
    if (!references.every((reference) => /^url\((['"]?)#[^'"()]*\1\)$/.test(reference))) return false;
  }
  return true;
}

function cleanAttributes(tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const clean: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === 'href' || name === 'xlink:href') {
      // Only <use> may reference, and only something in this document.
      if (tag === 'use' && /^#[^\s]*$/.test(value.trim())) clean[name] = value.trim();
      continue;
    }
    if (name === 'xmlns') {
      if (tag === 'svg') clean[name] = SVG_NAMESPACE;
      continue;
    }
    if (name === 'xmlns:xlink') {
      if (tag === 'svg') clean[name] = XLINK_NAMESPACE;
      continue;
    }
    if (!safeValue(value)) continue;
    clean[name] = value;
  }
  // Served on its own, an SVG renders only with its namespace.
  if (tag === 'svg') clean.xmlns = SVG_NAMESPACE;
  return clean;
}

export interface SanitizedSvg {
  data: Buffer;
  /** From width/height, else the viewBox; rounded; null when neither gives a number of pixels. */
  width: number | null;
  height: number | null;
}

/** Absolute lengths only ("120", "120px", "120.5"); a percentage or em has no size of its own. */
function pixels(value: string | undefined): number | null {
  const match = value === undefined ? null : /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px)?\s*$/i.exec(value);
  if (!match) return null;
  const number = Math.round(Number(match[1]));
  return Number.isFinite(number) && number > 0 ? number : null;
}

function viewBoxSize(value: string | undefined): { width: number; height: number } | null {
  if (value === undefined) return null;
  const parts = value.trim().split(/[\s,]+/).map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part)) || parts[2] <= 0 || parts[3] <= 0) return null;
  return { width: parts[2], height: parts[3] };
}

/**
 * The stored form of an uploaded SVG, or why it is refused. The bytes must be UTF-8 XML with an
 * `<svg>` root, no DOCTYPE and no ENTITY declarations; what is kept is parsed as XML (names keep
 * their case: viewBox, linearGradient) and rebuilt from the allowlist alone.
 */
export function sanitizeSvg(bytes: Buffer): SanitizedSvg | { refused: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { refused: 'The SVG is not valid UTF-8 text' };
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    return { refused: 'SVG files with a DOCTYPE or ENTITY declarations are refused; remove the <!DOCTYPE …> line and upload again' };
  }
  if (!isSvgDocument(text)) return { refused: 'This file is not an SVG document (its root element must be <svg>)' };

  let root: sanitizeHtml.Attributes | undefined;
  const sanitized = sanitizeHtml(text, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { '*': PRESENTATION_ATTRIBUTES, use: ['href', 'xlink:href'] },
    // Links are checked in cleanAttributes (`#id` only); no scheme at all passes here.
    allowedSchemes: [],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    selfClosing: [],
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    parser: { xmlMode: true, decodeEntities: true },
    transformTags: {
      '*': (tagName, attribs) => {
        const clean = cleanAttributes(tagName, attribs);
        if (tagName === 'svg' && root === undefined) root = clean;
        return { tagName, attribs: clean };
      },
    },
  });

  const document = rootElement(sanitized);
  if (!document || !root || !DRAWING.test(document)) return { refused: 'The SVG has nothing left to draw once scripts, links and other unsafe parts are removed' };
  const box = viewBoxSize(root.viewBox);
  const width = pixels(root.width) ?? (box ? Math.round(box.width) || null : null);
  const height = pixels(root.height) ?? (box ? Math.round(box.height) || null : null);
  if (!box && root.width === undefined && root.height === undefined) {
    return { refused: 'The SVG has no viewBox, width or height, so it cannot be sized; add a viewBox' };
  }
  return { data: Buffer.from(document, 'utf8'), width, height };
}

/**
 * The first `<svg>` element of the sanitized text and what it contains, nothing before or after it
 * (one root, as XML requires). In sanitize-html's output every `<` opens a tag: text and attribute
 * values are escaped, and an svg element is never self-closing.
 */
function rootElement(sanitized: string): string | null {
  const start = sanitized.indexOf('<svg');
  if (start < 0) return null;
  const tags = /<(\/?)svg[\s>]/g;
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(sanitized); match; match = tags.exec(sanitized)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return sanitized.slice(start, sanitized.indexOf('>', match.index) + 1);
  }
  return null;
}
