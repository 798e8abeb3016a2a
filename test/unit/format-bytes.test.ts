import { describeBytes, formatBytes } from '../../src/shared/format-bytes';

describe('formatBytes', () => {
  test.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [10_000, '9.8 KiB'],
    [16 * 1024, '16 KiB'],
    [1_000_000, '977 KiB'],
    [1_048_570, '1 MiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [1_000_000_000, '954 MiB'],
    [5 * 1024 ** 3, '5 GiB'],
  ])('%d bytes reads "%s"', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  test('a small limit never rounds to zero', () => {
    for (const bytes of [1_000, 1_024, 5_000, 10_000, 100_000]) expect(formatBytes(bytes)).not.toMatch(/^0(\.0)? /);
  });
});

describe('describeBytes', () => {
  test('gives the exact count and the readable size', () => {
    expect(describeBytes(10_000)).toBe('10000 bytes (9.8 KiB)');
    expect(describeBytes(10 * 1024 * 1024)).toBe('10485760 bytes (10 MiB)');
  });

  test('says a small count once', () => {
    expect(describeBytes(512)).toBe('512 bytes');
  });
});
