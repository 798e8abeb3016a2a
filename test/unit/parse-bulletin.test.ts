import fs from 'node:fs';
import path from 'node:path';
import { BulletinParseError, parseBulletinPage, type ParsedPage } from '../../seeds/bulletin/parse-bulletin';

const PAGE_FILE = path.join(__dirname, '..', '..', 'seeds', 'bulletin.txt');
const page = fs.readFileSync(PAGE_FILE, 'utf8');
const lines = page.split('\n');

function parse(text: string): ParsedPage {
  return parseBulletinPage(text, 'page.txt');
}

function parseError(text: string): BulletinParseError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof BulletinParseError) return error;
    throw error;
  }
  throw new Error('expected a BulletinParseError');
}

/** The page with line `lineNumber` (1-based) replaced. */
function withLine(lineNumber: number, replacement: string): string {
  return lines.map((line, i) => (i === lineNumber - 1 ? replacement : line)).join('\n');
}

describe('parseBulletinPage on seeds/bulletin.txt', () => {
  const parsed = parse(page);

  test('reads the tagline, title and view count', () => {
    expect(parsed.siteTagline).toBe(lines[1]);
    expect(parsed.siteTagline.startsWith('Năm 2023 đẩy mạnh chỉnh trang')).toBe(true);
    expect(parsed.title).toBe('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022');
    expect(parsed.viewCount).toBe(112);
  });

  test('dates the article on the morning of 03/11/2022, Hanoi time', () => {
    expect(parsed.publishedAt.toISOString()).toBe(new Date('2022-11-03T08:00:00+07:00').toISOString());
  });

  test('keeps the lead once, as the excerpt, and out of the body', () => {
    expect(parsed.excerpt).toBe(lines[4]);
    expect(parsed.excerpt.startsWith('Sáng ngày 03/11/2022, Ban Chỉ đạo')).toBe(true);
    const bodyTexts = parsed.body.flatMap((block) => (block.type === 'paragraph' ? [block.text] : []));
    expect(bodyTexts).not.toContain(parsed.excerpt);
  });

  test('keeps the body in page order with the photo where the page has it', () => {
    expect(parsed.body.map((block) => block.type)).toEqual(['image', 'paragraph', 'paragraph']);
    const [photo, first, second] = parsed.body;
    expect(photo).toMatchObject({ type: 'image', image: { kind: 'article-photo', line: 11, label: 'Ảnh tin bài' } });
    expect(first).toMatchObject({ type: 'paragraph', line: 14 });
    expect(second).toMatchObject({ type: 'paragraph', line: 18 });
    if (second.type !== 'paragraph') throw new Error('unreachable');
    expect(second.text.endsWith('vượt gần 20% so với chỉ tiêu kế hoạch./.')).toBe(true);
  });

  test('takes the byline before the advertisements as the author', () => {
    expect(parsed.author).toBe('Quốc Vũ');
  });

  test('returns every image placeholder', () => {
    expect(parsed.banner).toMatchObject({ kind: 'banner', line: 1 });
    expect(parsed.articlePhotos).toHaveLength(1);
    expect(parsed.articlePhotos[0].alt).toBe(parsed.title);
    expect(parsed.advertisements.map((ad) => [ad.kind, ad.line, ad.label])).toEqual([
      ['advertisement', 22, 'Quảng cáo 1'],
      ['advertisement', 23, 'Quảng cáo 2'],
      ['advertisement', 24, 'Quảng cáo 3'],
    ]);
  });

  test('drops page chrome: "Tin mới", non-breaking-space lines and placeholders are not paragraphs', () => {
    const texts = [parsed.excerpt, parsed.author, ...parsed.body.flatMap((block) => (block.type === 'paragraph' ? [block.text] : []))];
    for (const text of texts) {
      expect(text).not.toMatch(/^\s*$/);
      expect(text).not.toContain('\u00a0');
      expect(text).not.toMatch(/Tin mới|image banner|image advertisement|anh tin bai/);
    }
  });

  test('gives NFC text for NFD input', () => {
    const fromNfd = parse(page.normalize('NFD'));
    expect(fromNfd).toEqual(parsed);
    expect(fromNfd.title.normalize('NFC')).toBe(fromNfd.title);
    expect(fromNfd.author).toBe('Quốc Vũ'.normalize('NFC'));
  });

  test('accepts Windows line endings with the same line numbers', () => {
    expect(parse(page.replace(/\n/g, '\r\n'))).toEqual(parsed);
  });
});

describe('parseBulletinPage dates', () => {
  test('maps "Chiều" to the afternoon', () => {
    const parsed = parse(withLine(5, 'Chiều ngày 15/3/2023, quận tổ chức hội nghị.'));
    expect(parsed.publishedAt.toISOString()).toBe(new Date('2023-03-15T14:00:00+07:00').toISOString());
  });

  test('uses the morning when no part of the day is given', () => {
    const parsed = parse(withLine(5, 'Ngày 01/02/2022, quận tổ chức hội nghị.'));
    expect(parsed.publishedAt.toISOString()).toBe(new Date('2022-02-01T08:00:00+07:00').toISOString());
  });
});

describe('parseBulletinPage on broken pages', () => {
  test('reports a view count that is not a number, with its line', () => {
    const error = parseError(withLine(4, 'Lượt xem: nhiều'));
    expect(error).toMatchObject({ fileName: 'page.txt', line: 4 });
    expect(error.message).toBe('page.txt:4: view count is not a number: "nhiều"');
  });

  test('reports a page without a "Lượt xem:" line', () => {
    const error = parseError(withLine(4, ''));
    expect(error.reason).toMatch(/no 'Lượt xem:' line/);
    expect(error.line).toBe(25); // the "Tin mới" line that ends the article
  });

  test('reports an impossible date at the line of the lead', () => {
    const error = parseError(withLine(5, 'Sáng ngày 31/02/2022, quận tổ chức hội nghị.'));
    expect(error).toMatchObject({ line: 5 });
    expect(error.reason).toMatch(/31\/02\/2022" is not a valid date/);
  });

  test('reports a page that does not start with the banner', () => {
    expect(parseError(`\n\n${page.replace('image banner', 'Trang chủ')}`)).toMatchObject({ line: 3 });
  });

  test('reports a missing byline before the advertisements', () => {
    expect(parseError(withLine(20, ''))).toMatchObject({ line: 18 });
  });

  test('reports an empty page', () => {
    expect(parseError('\u00a0\n \n')).toMatchObject({ line: 1 });
  });
});
