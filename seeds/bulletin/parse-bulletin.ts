import { cleanPlainText } from '../../src/shared/text';
import { findNewsroomDate } from './bulletin-date';

/**
 * Reads a news page scraped from the district portal (seeds/bulletin.txt is one). Its shape:
 *
 *   image banner                      ← the site banner (an image placeholder)
 *   <tagline>                         ← the banner line under the masthead
 *   <title>
 *   Lượt xem: <N>                     ← view count
 *   <lead>                            ← the sapo; the portal prints it twice
 *   <paragraphs and "anh tin bai">    ← the body; "anh tin bai" marks the article photo
 *   <byline>                          ← the author, a short line
 *   image advertisement …             ← ad slots
 *   Tin mới                           ← the "latest news" box: page chrome, ends the article
 *
 * Blank lines, including lines of non-breaking spaces, only separate paragraphs.
 */

export type PlaceholderKind = 'banner' | 'article-photo' | 'advertisement';

export interface ImagePlaceholder {
  kind: PlaceholderKind;
  /** 1-based line of the placeholder in the page. */
  line: number;
  /** What a stand-in image shows. */
  label: string;
  /** Describes the image for readers who cannot see it. */
  alt: string;
}

export type BodyBlock = { type: 'paragraph'; text: string; line: number } | { type: 'image'; image: ImagePlaceholder };

export interface ParsedPage {
  fileName: string;
  siteTagline: string;
  title: string;
  viewCount: number;
  publishedAt: Date;
  /** The lead paragraph, stored once. */
  excerpt: string;
  /** Body paragraphs and photos in page order (lead and byline excluded). */
  body: BodyBlock[];
  author: string;
  banner: ImagePlaceholder;
  /** The article photos in body order; the first one is the cover. */
  articlePhotos: ImagePlaceholder[];
  advertisements: ImagePlaceholder[];
}

export class BulletinParseError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${fileName}:${line}: ${reason}`);
    this.name = 'BulletinParseError';
  }
}

const BANNER = 'image banner';
const ARTICLE_PHOTO = 'anh tin bai';
const ADVERTISEMENT = 'image advertisement';
const PLACEHOLDERS = new Set([BANNER, ARTICLE_PHOTO, ADVERTISEMENT]);
/** The portal's "latest news" box: everything from it on is navigation, not the article. */
const TRAILING_CHROME = 'tin mới';
const VIEW_COUNT_LINE = /^Lượt xem\s*:\s*(.*)$/iu;
/** Digits, optionally grouped by "." or "," as Vietnamese pages write thousands ("1.234"). */
const VIEW_COUNT = /^(?:\d+|\d{1,3}(?:[.,]\d{3})+)$/;
const BYLINE_MAX_LENGTH = 60;
const BYLINE_MAX_WORDS = 6;

type Fail = (line: number, reason: string) => never;

interface Line {
  text: string;
  line: number;
}

export function parseBulletinPage(text: string, fileName: string): ParsedPage {
  const fail: Fail = (line, reason) => {
    throw new BulletinParseError(fileName, line, reason);
  };
  const { lines, lastLine } = contentLines(text);
  if (lines.length === 0) fail(1, 'the page has no content');

  const [bannerLine, taglineLine] = lines;
  if (placeholderOf(bannerLine) !== BANNER) fail(bannerLine.line, `expected '${BANNER}' as the first line, found "${bannerLine.text}"`);
  if (!taglineLine || !isPlainText(taglineLine)) fail(taglineLine?.line ?? lastLine, "expected the site tagline on the line after 'image banner'");

  const viewIndex = lines.findIndex((line) => VIEW_COUNT_LINE.test(line.text));
  if (viewIndex === -1) fail(lastLine, "no 'Lượt xem:' line (the view count under the title)");
  const viewLine = lines[viewIndex];
  // The title sits right above the view count; breadcrumbs between the tagline and the title are chrome.
  const titleLine = lines[viewIndex - 1];
  if (viewIndex < 3 || !isPlainText(titleLine)) fail(viewLine.line, "no title line before 'Lượt xem:'");
  const rawCount = (VIEW_COUNT_LINE.exec(viewLine.text) as RegExpExecArray)[1].trim();
  if (!VIEW_COUNT.test(rawCount)) fail(viewLine.line, `view count is not a number: "${rawCount}"`);

  const afterTitle = lines.slice(viewIndex + 1);
  const adIndex = afterTitle.findIndex((line) => placeholderOf(line) === ADVERTISEMENT);
  const articleLines = adIndex === -1 ? afterTitle : afterTitle.slice(0, adIndex);
  const adLines = adIndex === -1 ? [] : afterTitle.slice(adIndex);
  const strayAfterAds = adLines.find((line) => placeholderOf(line) !== ADVERTISEMENT);
  if (strayAfterAds) fail(strayAfterAds.line, `unexpected text after the advertisements: "${strayAfterAds.text}"`);

  const title = titleLine.text;
  const [leadLine] = articleLines;
  if (!leadLine || !isPlainText(leadLine)) fail(leadLine?.line ?? viewLine.line, "expected the lead paragraph after 'Lượt xem:'");
  const bylineLine = articleLines[articleLines.length - 1];
  if (articleLines.length < 2 || !isByline(bylineLine)) {
    fail(bylineLine.line, `expected the author byline (a short line) before the advertisements, found "${bylineLine.text}"`);
  }

  let middle = articleLines.slice(1, -1);
  // CASE: the portal prints the lead a second time as the body's first paragraph: keep one.
  while (middle.length > 0 && middle[0].text === leadLine.text) middle = middle.slice(1);
  const articlePhotos: ImagePlaceholder[] = [];
  const photoCount = middle.filter((line) => placeholderOf(line) === ARTICLE_PHOTO).length;
  const body = middle.map((line): BodyBlock => {
    const placeholder = placeholderOf(line);
    if (placeholder === ARTICLE_PHOTO) {
      const number = articlePhotos.length + 1;
      const image = placeholderImage('article-photo', line.line, photoCount > 1 ? `Ảnh tin bài ${number}` : 'Ảnh tin bài', title);
      articlePhotos.push(image);
      return { type: 'image', image };
    }
    if (placeholder !== null) fail(line.line, `unexpected '${placeholder}' inside the article`);
    return { type: 'paragraph', text: line.text, line: line.line };
  });

  const publishedAt = findPublicationDate(leadLine, body, fail);
  return {
    fileName,
    siteTagline: taglineLine.text,
    title,
    viewCount: Number(rawCount.replace(/[.,]/g, '')),
    publishedAt,
    excerpt: leadLine.text,
    body,
    author: bylineLine.text,
    banner: placeholderImage('banner', bannerLine.line, 'Banner', taglineLine.text),
    articlePhotos,
    advertisements: adLines.map((line, i) => placeholderImage('advertisement', line.line, `Quảng cáo ${i + 1}`, `Quảng cáo ${i + 1}`)),
  };
}

/** Non-blank lines up to the trailing chrome, NFC and trimmed, with their 1-based line numbers. */
function contentLines(text: string): { lines: Line[]; lastLine: number } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  let lastLine = Math.max(1, raw.length);
  for (let i = 0; i < raw.length; i += 1) {
    // trim() also removes U+00A0: a line of non-breaking spaces is a spacer, not a paragraph.
    const value = cleanPlainText(raw[i].replace(/\u200B/g, ''));
    if (value === '') continue;
    if (value.toLowerCase() === TRAILING_CHROME) {
      lastLine = i + 1;
      break;
    }
    lines.push({ text: value, line: i + 1 });
  }
  return { lines, lastLine };
}

function placeholderOf(line: Line): string | null {
  const normalized = line.text.toLowerCase().replace(/\s+/g, ' ');
  return PLACEHOLDERS.has(normalized) ? normalized : null;
}

function isPlainText(line: Line | undefined): boolean {
  return line !== undefined && placeholderOf(line) === null && !VIEW_COUNT_LINE.test(line.text);
}

function isByline(line: Line | undefined): boolean {
  return line !== undefined && isPlainText(line) && line.text.length <= BYLINE_MAX_LENGTH && line.text.split(/\s+/).length <= BYLINE_MAX_WORDS && !/[.!?:;]$/.test(line.text);
}

function placeholderImage(kind: PlaceholderKind, line: number, label: string, alt: string): ImagePlaceholder {
  return { kind, line, label, alt };
}

/** The first date in the lead; a lead without one falls back to the first dated body paragraph. */
function findPublicationDate(lead: Line, body: BodyBlock[], fail: Fail): Date {
  const candidates = [lead, ...body.flatMap((block) => (block.type === 'paragraph' ? [block] : []))];
  for (const candidate of candidates) {
    const found = findNewsroomDate(candidate.text);
    if (found === null) continue;
    if ('invalid' in found) return fail(candidate.line, `"${found.invalid}" is not a valid date (dd/mm/yyyy)`);
    return found.date;
  }
  return fail(lead.line, 'no publication date (dd/mm/yyyy) in the lead');
}
