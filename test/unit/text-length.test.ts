import { formatCount, textLength } from '../../src/shared/text';

describe('textLength: the unit of every text limit', () => {
  test('counts a Vietnamese letter once, precomposed or decomposed (NFD)', () => {
    expect(textLength('ệ')).toBe(1);
    expect('ệ'.normalize('NFD').length).toBe(3);
    expect(textLength('ệ'.normalize('NFD'))).toBe(1);
    expect(textLength('Hà Nội'.normalize('NFD'))).toBe(6);
  });

  test('counts a character beyond the BMP once, not as its two UTF-16 units', () => {
    expect('😀'.length).toBe(2);
    expect(textLength('😀')).toBe(1);
    expect(textLength('')).toBe(0);
  });
});

test('formatCount writes limits in groups of three, as the descriptions do', () => {
  expect([50, 1_000, 2_000, 200_000, 1_000_000].map(formatCount)).toEqual(['50', '1 000', '2 000', '200 000', '1 000 000']);
});
