import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '../../src/shared/slugify';

describe('slugify', () => {
  test('turns a Vietnamese title into an ASCII slug', () => {
    expect(slugify('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022')).toBe('quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022');
  });

  test('maps đ and Đ to d', () => {
    expect(slugify('Đường đến Đồ Sơn')).toBe('duong-den-do-son');
    expect(slugify('ĐẠI HỘI ĐOÀN')).toBe('dai-hoi-doan');
  });

  test('gives the same slug for NFD (decomposed) and NFC input', () => {
    const nfc = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(slugify(nfd)).toBe(slugify(nfc));
    expect(slugify(nfd)).toBe('quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen');
  });

  test('folds every Vietnamese vowel with every tone', () => {
    expect(slugify('àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ')).toBe(
      'aaaaa-aaaaaa-aaaaaa-eeeee-eeeeee-iiiii-ooooo-oooooo-oooooo-uuuuu-uuuuuu-yyyyy',
    );
  });

  test('turns punctuation and runs of separators into single dashes, trimmed at both ends', () => {
    expect(slugify('  "Hiến máu" – cứu người!!! (Phần 2/3)  ')).toBe('hien-mau-cuu-nguoi-phan-2-3');
    expect(slugify('a---b___c   d')).toBe('a-b-c-d');
    expect(slugify('C++ & Node.js: 100% ok?')).toBe('c-node-js-100-ok');
  });

  test('gives an empty slug for text without letters or digits', () => {
    expect(slugify('!!! — ???')).toBe('');
    expect(slugify('')).toBe('');
  });

  test('drops characters outside Latin script', () => {
    expect(slugify('Tin 新闻 mới 😀')).toBe('tin-moi');
  });

  test('cuts a long title at a word boundary, never mid-word', () => {
    const title = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022 '.repeat(5);
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug).toMatch(SLUG_PATTERN);
    const full = slugify(title, 10_000);
    expect(full.startsWith(slug)).toBe(true);
    expect(full[slug.length]).toBe('-'); // the next character was a word boundary
  });

  test('honours a custom maximum length and keeps a word ending exactly at the limit', () => {
    expect(slugify('hien mau tinh nguyen', 12)).toBe('hien mau'.replace(' ', '-'));
    expect(slugify('hien mau tinh nguyen', 13)).toBe('hien-mau-tinh');
    expect(slugify('hien mau tinh nguyen', 8)).toBe('hien-mau');
  });

  test('cuts a single overlong word at the limit', () => {
    expect(slugify('a'.repeat(50), 10)).toBe('a'.repeat(10));
  });

  test('always produces a slug matching SLUG_PATTERN', () => {
    for (const text of ['Xin chào', '--x--', 'Đ', '2022', 'Ngày 1/1/2022: "Tết"']) {
      expect(slugify(text)).toMatch(SLUG_PATTERN);
    }
  });
});
