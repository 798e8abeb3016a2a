import { searchQueryText } from '../../src/modules/article/article.queries';

describe('searchQueryText', () => {
  test('folds tones and đ, lower-cases, requires every word and treats the last one as a prefix', () => {
    expect(searchQueryText('Hiến Máu')).toBe('hien & mau:*');
    expect(searchQueryText('Dương Kinh')).toBe('duong & kinh:*');
    expect(searchQueryText('ĐOÀN')).toBe('doan:*');
  });

  test('gives the same query for NFD and NFC input', () => {
    expect(searchQueryText('hiến máu'.normalize('NFD'))).toBe(searchQueryText('hiến máu'));
  });

  test('ignores tsquery operators and punctuation: they cannot change the query', () => {
    expect(searchQueryText("hien & | ! ( mau:* <-> ' \\")).toBe('hien & mau:*');
    expect(searchQueryText('"hiến máu" - 2022!')).toBe('hien & mau & 2022:*');
  });

  test('returns null when there is no word to search for', () => {
    expect(searchQueryText('')).toBeNull();
    expect(searchQueryText('   ')).toBeNull();
    expect(searchQueryText('&|!:*()')).toBeNull();
    expect(searchQueryText('新闻')).toBeNull();
  });

  test('keeps at most 16 words', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const query = searchQueryText(words.join(' '));
    expect(query?.split(' & ')).toHaveLength(16);
    expect(query?.endsWith('w15:*')).toBe(true);
  });

  test('only ever produces words of [a-z0-9] joined by &', () => {
    const query = searchQueryText("Xin chào: 'thế giới' (100%) ; drop table article; --") ?? '';
    expect(query).toMatch(/^[a-z0-9]+( & [a-z0-9]+)*:\*$/);
  });
});
