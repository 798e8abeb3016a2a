import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import S3rver from 's3rver';
import { LocalMediaStorage, type MediaStorage } from '../../src/modules/media/media-storage';
import { S3MediaStorage, createS3Client } from '../../src/modules/media/media-storage-s3';
import { Role, signIn } from '../helpers/accounts';
import { startHarness, type Harness } from '../helpers/harness';
import { bytesOf, fetchMedia, listFiles, metadataOf, parseSrcSet, photoWithGps, sha256, tempMediaDir, upload } from '../helpers/media';

// The SDK's notice that its 2027 releases will need Node 22 (the pinned version runs on 20): known, not news in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'bulletin-media';
const KEY_A = `${'a'.repeat(64)}.jpg`;
const KEY_B = `${'b'.repeat(64)}.png`;
const VARIANT = `${'a'.repeat(64)}/w320.webp`;

let workDir: string;
let s3rver: S3rver;
let s3Endpoint: string;
beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-storage-test-'));
  // A real S3-compatible server over real HTTP (s3rver keeps objects in a directory): no SDK mock.
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(workDir, 's3'), configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3rver.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function s3Storage(): S3MediaStorage {
  const client = createS3Client({ bucket: BUCKET, region: 'us-east-1', endpoint: s3Endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
  return new S3MediaStorage(client, BUCKET);
}

async function read(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const adapters: [string, () => MediaStorage][] = [
  ['local directory', () => new LocalMediaStorage(fs.mkdtempSync(path.join(workDir, 'local-')))],
  ['S3-compatible (s3rver over HTTP)', s3Storage],
];

describe.each(adapters)('MediaStorage contract: %s', (_name, create) => {
  let storage: MediaStorage;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  beforeAll(() => {
    storage = create();
  });

  test('stores bytes and reads them back whole', async () => {
    await storage.put(KEY_A, bytes, 'image/jpeg');
    expect(await storage.exists(KEY_A)).toBe(true);
    expect(await storage.stat(KEY_A)).toEqual({ bytes: 1000 });
    expect(await read(await storage.get(KEY_A))).toEqual(bytes);
  });

  test('reads a byte range (inclusive offsets)', async () => {
    expect(await read(await storage.get(KEY_A, { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20));
    expect(await read(await storage.get(KEY_A, { start: 990, end: 999 }))).toEqual(bytes.subarray(990));
  });

  test('stores a file from a path (which the caller no longer uses), and variant keys with their folder', async () => {
    const file = path.join(workDir, `source-${Math.random().toString(36).slice(2)}.tmp`);
    fs.writeFileSync(file, Buffer.from('variant bytes'));
    await storage.put(VARIANT, { path: file }, 'image/webp');
    expect(await read(await storage.get(VARIANT))).toEqual(Buffer.from('variant bytes'));
    fs.rmSync(file, { force: true });
  });

  test('writing the same key again is harmless (content addresses never change meaning)', async () => {
    await storage.put(KEY_A, bytes, 'image/jpeg');
    expect(await storage.stat(KEY_A)).toEqual({ bytes: 1000 });
  });

  test('answers null / false for a missing object', async () => {
    expect(await storage.exists(KEY_B)).toBe(false);
    expect(await storage.stat(KEY_B)).toBeNull();
    expect(await storage.get(KEY_B)).toBeNull();
    expect(await storage.get(KEY_B, { start: 0, end: 1 })).toBeNull();
  });

  test('deletes objects; deleting a missing one is fine', async () => {
    await storage.delete(VARIANT);
    await storage.delete(KEY_A);
    await storage.delete(KEY_B);
    expect(await storage.exists(VARIANT)).toBe(false);
    expect(await storage.exists(KEY_A)).toBe(false);
  });

  test('refuses anything but a media key, before touching storage', async () => {
    for (const key of ['../x.jpg', '/etc/passwd', `${'a'.repeat(64)}.exe`, `${'a'.repeat(64)}/../../x.jpg`, `${'A'.repeat(64)}.jpg`, '']) {
      await expect(storage.put(key, bytes, 'image/jpeg')).rejects.toThrow('Invalid media storage key');
      await expect(storage.get(key)).rejects.toThrow('Invalid media storage key');
    }
  });
});

describe('the app on S3 storage (MEDIA_STORAGE=s3)', () => {
  let h: Harness;
  let stagingDir: string;
  beforeAll(async () => {
    stagingDir = tempMediaDir();
    h = await startHarness({
      MEDIA_DIR: stagingDir,
      MEDIA_STORAGE: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: s3Endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(stagingDir, { recursive: true, force: true });
  });

  test('uploads into the bucket and serves originals, ranges and variants from it; nothing stays on local disk', async () => {
    const { token } = await signIn(h, { role: Role.AUTHOR });
    const { status, body } = await upload(h, await photoWithGps({ seed: 21 }), { token });
    expect(status).toBe(201);
    expect(listFiles(stagingDir)).toEqual([]);
    const inBucket = await read(await s3Storage().get(`${body.sha256}.jpg`));
    expect(inBucket && sha256(inBucket)).toBe(body.sha256);

    const served = await fetchMedia(h, body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('etag')).toBe(`"${body.sha256}"`);
    expect(sha256(await bytesOf(served))).toBe(body.sha256);
    const range = await fetchMedia(h, body.url, { headers: { range: 'bytes=2-5' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 2-5/${body.bytes}`);

    for (const { url, width } of parseSrcSet(body.srcSet)) {
      const variant = await fetchMedia(h, url);
      expect({ url, status: variant.status }).toEqual({ url, status: 200 });
      const metadata = await metadataOf(await bytesOf(variant));
      expect(metadata.width).toBe(width);
      expect(metadata.exif).toBeUndefined();
    }
    expect(await s3Storage().exists(`${body.sha256}/w160.jpg`)).toBe(true);
    expect(listFiles(stagingDir)).toEqual([]);
  });
});
