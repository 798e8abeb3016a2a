import { parseRange } from '../../src/http/media-files';
import { ConfigError, loadConfig } from '../../src/config';
import { cleanOriginalName } from '../../src/modules/media/media-fields';
import { ImageFormat, availableWidths, isOfferedVariant, keyFor, parseMediaKey, snapWidth, srcSet } from '../../src/modules/media/media-formats';
import { sniffFormat } from '../../src/modules/media/media-image';
import { Semaphore, SingleFlight } from '../../src/shared/concurrency';

const SHA = 'c'.repeat(64);
const JPEG_1200 = { sha256: SHA, storageKey: `${SHA}.jpg`, mimeType: 'image/jpeg', width: 1200 };

describe('width ladder', () => {
  test('offers the ladder below the original width, then the original width', () => {
    expect(availableWidths(1200)).toEqual([160, 320, 640, 960, 1200]);
    expect(availableWidths(4000)).toEqual([160, 320, 640, 960, 1280, 1920, 4000]);
    expect(availableWidths(100)).toEqual([100]);
  });

  test('snaps a width up, never past the original', () => {
    expect(snapWidth(1, 1200)).toBe(160);
    expect(snapWidth(321, 1200)).toBe(640);
    expect(snapWidth(960, 1200)).toBe(960);
    expect(snapWidth(1000, 1200)).toBe(1200);
    expect(snapWidth(50_000, 1200)).toBe(1200);
  });
});

describe('keys and URLs', () => {
  test('the original itself when nothing else is asked; content-addressed variant keys otherwise', () => {
    expect(keyFor(JPEG_1200)).toBe(`${SHA}.jpg`);
    expect(keyFor(JPEG_1200, 5000, ImageFormat.JPEG)).toBe(`${SHA}.jpg`);
    expect(keyFor(JPEG_1200, 500)).toBe(`${SHA}/w640.jpg`);
    expect(keyFor(JPEG_1200, null, ImageFormat.WEBP)).toBe(`${SHA}/w1200.webp`);
    expect(keyFor({ ...JPEG_1200, width: null }, 300, ImageFormat.AVIF)).toBe(`${SHA}.jpg`);
  });

  test('srcSet lists every available width', () => {
    expect(srcSet('https://news.example', JPEG_1200, ImageFormat.AVIF)).toBe(
      [160, 320, 640, 960, 1200].map((w) => `https://news.example/media/${SHA}/w${w}.avif ${w}w`).join(', '),
    );
    expect(srcSet('https://news.example', JPEG_1200).endsWith(`https://news.example/media/${SHA}.jpg 1200w`)).toBe(true);
  });

  test('parses only well-formed keys', () => {
    expect(parseMediaKey(`${SHA}.jpg`)).toEqual({ kind: 'original', sha256: SHA, format: 'jpeg' });
    expect(parseMediaKey(`${SHA}/w640.webp`)).toEqual({ kind: 'variant', sha256: SHA, width: 640, format: 'webp' });
    for (const key of ['../x.jpg', `${SHA}.jpeg`, `${SHA}/w0640.webp`, `${SHA}/w640.webp/x`, `${SHA.toUpperCase()}.jpg`, `${SHA}/../x.jpg`]) {
      expect(parseMediaKey(key)).toBeNull();
    }
  });

  test('offers variants on the ladder only, and GIF only for a GIF', () => {
    const variant = (key: string) => parseMediaKey(key) as Extract<ReturnType<typeof parseMediaKey>, { kind: 'variant' }>;
    expect(isOfferedVariant(variant(`${SHA}/w640.webp`), JPEG_1200)).toBe(true);
    expect(isOfferedVariant(variant(`${SHA}/w1200.webp`), JPEG_1200)).toBe(true);
    expect(isOfferedVariant(variant(`${SHA}/w1200.jpg`), JPEG_1200)).toBe(false); // that is the original
    expect(isOfferedVariant(variant(`${SHA}/w641.webp`), JPEG_1200)).toBe(false);
    expect(isOfferedVariant(variant(`${SHA}/w1280.webp`), JPEG_1200)).toBe(false);
    expect(isOfferedVariant(variant(`${SHA}/w640.gif`), JPEG_1200)).toBe(false);
  });
});

describe('sniffFormat', () => {
  test('recognizes accepted formats by their first bytes', () => {
    expect(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe1]))).toBe('jpeg');
    expect(sniffFormat(Buffer.from('GIF89a...'))).toBe('gif');
    expect(sniffFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    const avif = Buffer.concat([Buffer.from([0, 0, 0, 0x1c]), Buffer.from('ftypavif\0\0\0\0avifmif1miaf')]);
    expect(sniffFormat(avif)).toBe('avif');
  });

  test('names what it refuses', () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
    expect(sniffFormat(heic)).toEqual({ refused: expect.stringContaining('HEIC') });
    expect(sniffFormat(Buffer.from('\n  <!doctype html><title>x</title>'))).toEqual({ refused: expect.stringContaining('HTML') });
    expect(sniffFormat(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ refused: expect.stringContaining('SVG') });
    expect(sniffFormat(Buffer.from('%PDF-1.7'))).toEqual({ refused: expect.stringContaining('not an image') });
  });
});

describe('cleanOriginalName', () => {
  test('keeps the last path component, NFC, trimmed, without control characters, at most 255 characters', () => {
    expect(cleanOriginalName('C:\\Users\\me\\ảnh.jpg')).toBe('ảnh.jpg');
    expect(cleanOriginalName('photos/2022/hien-mau.jpg')).toBe('hien-mau.jpg');
    expect(cleanOriginalName(` ${'phố'.normalize('NFD')}\u0000\u202e.jpg `)).toBe('phố.jpg'.normalize('NFC'));
    expect([...(cleanOriginalName(`${'ư'.repeat(300)}.jpg`) as string)]).toHaveLength(255);
    expect(cleanOriginalName('   ')).toBeNull();
    expect(cleanOriginalName(undefined)).toBeNull();
  });

  test('refuses names that climb directories', () => {
    for (const name of ['../../x.jpg', '..\\x.jpg', 'a/../b.jpg', '..']) expect(() => cleanOriginalName(name)).toThrow('must not contain a path');
    expect(cleanOriginalName('..hidden..jpg')).toBe('..hidden..jpg');
  });
});

describe('parseRange', () => {
  test('one range: a-b, a-, -n; clamped to the size', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ start: 50, end: 99 });
  });

  test('unsatisfiable ranges, and headers that are ignored (the whole file is sent)', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    for (const header of [undefined, '', 'bytes=5-1', 'bytes=0-1,5-9', 'items=0-1', 'bytes=-', 'bytes=a-b']) expect(parseRange(header, 100)).toBeUndefined();
  });
});

describe('Semaphore and SingleFlight', () => {
  test('runs at most `limit` tasks at once, in arrival order', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        semaphore.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          order.push(i);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(semaphore.stats).toEqual({ active: 0, waiting: 0 });
  });

  test('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
  });

  test('shares one execution between identical concurrent calls, and runs again afterwards', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const task = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return runs;
    };
    expect(await Promise.all([flights.run('k', task), flights.run('k', task), flights.run('other', task)])).toEqual([2, 2, 2]);
    expect(runs).toBe(2);
    expect(flights.size).toBe(0);
    expect(await flights.run('k', task)).toBe(3);
  });
});

describe('media configuration', () => {
  test('defaults: local storage, 10 MB, 40 megapixels, 2 image jobs', () => {
    expect(loadConfig({}).media).toEqual({ storage: 'local', s3: undefined, maxBytes: 10_485_760, maxPixels: 40_000_000, imageConcurrency: 2 });
  });

  test('MEDIA_STORAGE=s3 requires a bucket and a region, and both keys or neither', () => {
    let message = '';
    try {
      loadConfig({ MEDIA_STORAGE: 's3', S3_ACCESS_KEY_ID: 'AKIA' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('S3_BUCKET is required when MEDIA_STORAGE=s3');
    expect(message).toContain('S3_REGION is required when MEDIA_STORAGE=s3');
    expect(message).toContain('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
    expect(message).not.toContain('AKIA');

    const config = loadConfig({ MEDIA_STORAGE: 's3', S3_BUCKET: 'news', S3_REGION: 'auto', S3_ENDPOINT: 'https://s3.example', S3_FORCE_PATH_STYLE: 'true' });
    expect(config.media.s3).toEqual({ bucket: 'news', region: 'auto', endpoint: 'https://s3.example', accessKeyId: undefined, secretAccessKey: undefined, forcePathStyle: true });
  });
});
