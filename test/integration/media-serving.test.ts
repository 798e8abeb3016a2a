import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { MediaPipeline } from '../../src/modules/media/media-pipeline';
import { LocalMediaStorage, type MediaStorage } from '../../src/modules/media/media-storage';
import { parseMediaKey } from '../../src/modules/media/media-formats';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import type { Harness } from '../helpers/harness';
import { bytesOf, fetchMedia, metadataOf, photoWithGps, sha256, startMediaHarness, stopMediaHarness, upload, type MediaJson } from '../helpers/media';

let h: Harness;
let mediaDir: string;
let author: SignedIn;
let photo: MediaJson;
let original: Buffer;
beforeAll(async () => {
  ({ h, mediaDir } = await startMediaHarness());
  author = await signIn(h, { role: Role.AUTHOR });
  const uploaded = await upload(h, await photoWithGps({ seed: 11 }), { token: author.token });
  photo = uploaded.body;
  original = await bytesOf(await fetchMedia(h, photo.url));
});
afterAll(() => stopMediaHarness({ h, mediaDir }));

const key = () => `${photo.sha256}.jpg`;

/** A raw request: fetch would normalize "/media/../x" before sending it. */
function rawGet(pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(`${h.url}${pathname}`, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('GET /media/<key> (originals)', () => {
  test('serves the bytes with type, strong ETag, immutable caching and nosniff', async () => {
    const response = await fetch(`${h.url}/media/${key()}`);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      etag: `"${photo.sha256}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'content-length': String(photo.bytes),
    });
    expect(sha256(await bytesOf(response))).toBe(photo.sha256);
  });

  test('answers HEAD with the same headers and no body', async () => {
    const response = await fetch(`${h.url}/media/${key()}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(photo.bytes));
    expect(response.headers.get('etag')).toBe(`"${photo.sha256}"`);
    expect((await bytesOf(response)).length).toBe(0);
  });

  test('answers 304 to a matching If-None-Match', async () => {
    const response = await fetch(`${h.url}/media/${key()}`, { headers: { 'if-none-match': `"other", "${photo.sha256}"` } });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(`"${photo.sha256}"`);
  });

  test('serves byte ranges (206 with Content-Range), and 416 for an unsatisfiable one', async () => {
    const size = photo.bytes;
    const first = await fetch(`${h.url}/media/${key()}`, { headers: { range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(await bytesOf(first)).toEqual(original.subarray(0, 100));

    const suffix = await fetch(`${h.url}/media/${key()}`, { headers: { range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(await bytesOf(suffix)).toEqual(original.subarray(size - 10));

    const open = await fetch(`${h.url}/media/${key()}`, { headers: { range: `bytes=${size - 5}-` } });
    expect(open.status).toBe(206);
    expect((await bytesOf(open)).length).toBe(5);

    const beyond = await fetch(`${h.url}/media/${key()}`, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);

    // A Range for an older version (If-Range) gets the whole, current file.
    const stale = await fetch(`${h.url}/media/${key()}`, { headers: { range: 'bytes=0-9', 'if-range': '"something-else"' } });
    expect(stale.status).toBe(200);
    expect((await bytesOf(stale)).length).toBe(size);
  });

  test('answers 404 for unknown keys and for anything that is not a key', async () => {
    expect((await fetch(`${h.url}/media/${'0'.repeat(64)}.jpg`)).status).toBe(404);
    expect((await fetch(`${h.url}/media/${photo.sha256}.png`)).status).toBe(404);
    expect((await fetch(`${h.url}/media/not-a-key.jpg`)).status).toBe(404);
    expect(await rawGet('/media/../../etc/passwd')).toBe(404);
    expect(await rawGet('/media/..%2F..%2Fetc%2Fpasswd')).toBe(404);
    expect(await rawGet(`/media/${photo.sha256}.jpg/../../../etc/passwd`)).toBe(404);
    expect(await rawGet(`/media/${photo.sha256}%2F..%2F${photo.sha256}.jpg`)).toBe(404);
    expect(await rawGet('/media/%E0%A4%A')).toBe(404);
  });
});

describe('GET /media/<sha256>/w<width>.<ext> (variants)', () => {
  test('makes a variant on first request, in the asked width and format, without metadata, then serves it from storage', async () => {
    const variantKey = `${photo.sha256}/w320.webp`;
    expect(fs.existsSync(path.join(mediaDir, variantKey))).toBe(false);
    const response = await fetch(`${h.url}/media/${variantKey}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${photo.sha256}-w320-webp"`);
    const metadata = await metadataOf(await bytesOf(response));
    expect(metadata).toMatchObject({ format: 'webp', width: 320, height: Math.round((320 * photo.height) / photo.width) });
    expect(metadata.exif).toBeUndefined();
    expect(fs.existsSync(path.join(mediaDir, variantKey))).toBe(true);

    const again = await fetch(`${h.url}/media/${variantKey}`, { headers: { range: 'bytes=0-3' } });
    expect(again.status).toBe(206);
    expect((await bytesOf(again)).toString('latin1')).toBe('RIFF');
  });

  test('makes the original width in another format, and AVIF and PNG variants', async () => {
    for (const [ext, format] of [['avif', 'heif'], ['png', 'png'], ['jpg', 'jpeg']] as const) {
      const width = ext === 'jpg' ? 640 : photo.width;
      const response = await fetch(`${h.url}/media/${photo.sha256}/w${width}.${ext}`);
      expect({ ext, status: response.status }).toEqual({ ext, status: 200 });
      expect(await metadataOf(await bytesOf(response))).toMatchObject({ format, width });
    }
  });

  test('answers 404 for widths off the ladder, wider than the original, the original itself, GIF from a JPEG, or an unknown image', async () => {
    for (const variant of ['w321.webp', 'w1920.webp', `w${photo.width}.jpg`, 'w160.gif', 'w0.webp', 'w160.tiff']) {
      expect({ variant, status: (await fetch(`${h.url}/media/${photo.sha256}/${variant}`)).status }).toEqual({ variant, status: 404 });
    }
    expect((await fetch(`${h.url}/media/${'1'.repeat(64)}/w160.webp`)).status).toBe(404);
    expect(fs.existsSync(path.join(mediaDir, photo.sha256, 'w321.webp'))).toBe(false);
  });
});

describe('MediaPipeline.ensureVariant', () => {
  /** Counts writes, and holds the first one back until released (so that the others pile up). */
  class CountingStorage extends LocalMediaStorage {
    puts = 0;
    override async put(...args: Parameters<MediaStorage['put']>): Promise<void> {
      this.puts += 1;
      return super.put(...args);
    }
  }

  test('computes identical concurrent variant requests once, and never more image jobs than allowed at once', async () => {
    const storage = new CountingStorage(mediaDir);
    const pipeline = new MediaPipeline(storage, { tempDir: path.join(mediaDir, '.tmp'), maxPixels: 40_000_000, concurrency: 1 });
    let maxActive = 0;
    const run = pipeline.jobs.run.bind(pipeline.jobs);
    pipeline.jobs.run = async (task) => run(async () => {
      maxActive = Math.max(maxActive, pipeline.jobs.stats.active);
      return task();
    });
    const knex = h.orm.em.getKnex();
    const keys = [`${photo.sha256}/w160.jpg`, `${photo.sha256}/w160.png`, `${photo.sha256}/w320.webp`];
    const requests = keys.flatMap((k) => Array.from({ length: 5 }, () => pipeline.ensureVariant(knex, parseMediaKey(k) as never, k)));
    expect(await Promise.all(requests)).toEqual(Array(15).fill(true));
    expect(storage.puts).toBe(2); // w320.webp was made by an earlier test; the two others once each
    expect(maxActive).toBe(1);

    const responses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${h.url}/media/${photo.sha256}/w960.jpg`)));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(404)); // 960 is wider than this 750 px image
  });
});
