import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { startHarness, type Harness } from './harness';

/** What POST /media answers. */
export interface MediaJson {
  id: string;
  url: string;
  srcSet: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
  alt: string | null;
  caption: string | null;
  originalName: string | null;
  createdAt: string;
}

export interface UploadResult {
  status: number;
  body: MediaJson & { errors?: { message: string; extensions: { code: string } }[] };
  headers: Headers;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A private media directory per test file: listings are not disturbed by other files' uploads. */
export function tempMediaDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-media-test-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/**
 * A camera-like JPEG: a gradient with some texture, EXIF with the camera, a GPS position and
 * orientation 6 (stored sideways: 1000×750 on disk, 750×1000 upright).
 */
export async function photoWithGps(options: { width?: number; height?: number; seed?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 1000;
  const height = options.height ?? 750;
  const seed = options.seed ?? 0;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x ^ y) + seed) & 0xff;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'Bulletin Test Camera', Model: 'GPS-1', Software: 'test' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '20/1 50/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '106/1 41/1 4321/100' },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** EXIF's GPS IFD pointer tag (0x8825), in either byte order. */
export function hasGpsTag(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
}

export async function metadataOf(bytes: Buffer): Promise<sharp.Metadata> {
  return sharp(bytes).metadata();
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real decompression bomb: a valid 8-bit grey PNG of side×side zeros. About 190 KB on the wire
 * for 14000×14000, which decoded is 196 million pixels.
 */
export async function pngBomb(side = 14_000): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const row = Buffer.alloc(side + 1); // filter byte + pixels
  for (let y = 0; y < side; y += 1) if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.concat(parts)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface UploadOptions {
  token?: string;
  filename?: string;
  contentType?: string;
  fields?: Record<string, string>;
}

/** POST /media as a browser or `curl -F` sends it. */
export async function upload(h: Harness, bytes: Buffer, options: UploadOptions = {}): Promise<UploadResult> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append('file', new Blob([bytes], { type: options.contentType ?? 'image/jpeg' }), options.filename ?? 'photo.jpg');
  const response = await fetch(`${h.url}/media`, {
    method: 'POST',
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as UploadResult['body'], headers: response.headers };
}

export interface RawUploadResult {
  status: number;
  body: { errors?: { message: string; extensions: { code: string } }[] };
  /** Bytes of the body the client had handed to the socket when the answer arrived. */
  bytesSentBeforeAnswer: number;
  ms: number;
}

/**
 * A multipart upload of `size` bytes streamed in chunks (with or without Content-Length), the way
 * a large upload arrives; resolves as soon as the server answers, whatever is left unsent.
 */
export function streamingUpload(h: Harness, token: string, size: number, options: { declareLength: boolean }): Promise<RawUploadResult> {
  const boundary = `----bulletin${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0xab);
  chunk[0] = 0xff;
  chunk[1] = 0xd8;
  chunk[2] = 0xff;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: http.OutgoingHttpHeaders = { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` };
    if (options.declareLength) headers['content-length'] = head.length + size + tail.length;
    const req = http.request(`${h.url}/media`, { method: 'POST', headers });
    req.on('response', (res) => {
      answered = true;
      const bytesSentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), bytesSentBeforeAnswer, ms: Date.now() - started });
        req.destroy();
      });
    });
    // The server closes the connection after refusing: writes after that fail, which is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (sent === 0) req.write(head);
        const remaining = size - sent;
        if (remaining <= 0) {
          req.end(tail);
          return;
        }
        const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** Every file under a directory (recursively), as sorted relative paths. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function mediaRowCount(h: Harness): Promise<number> {
  const [{ count }] = await h.orm.em.fork().getKnex()('media').count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

/** A harness storing media in a directory of its own, so a test can see every file it writes. */
export interface MediaHarness {
  h: Harness;
  mediaDir: string;
}

/** In beforeAll, with stopMediaHarness in afterAll. */
export async function startMediaHarness(env: Record<string, string> = {}): Promise<MediaHarness> {
  const mediaDir = tempMediaDir();
  return { h: await startHarness({ MEDIA_DIR: mediaDir, ...env }), mediaDir };
}

/** Stops the server, then removes its media directory. */
export async function stopMediaHarness({ h, mediaDir }: MediaHarness): Promise<void> {
  await h.close();
  fs.rmSync(mediaDir, { recursive: true, force: true });
}

/** Runs a refused upload and checks that it left nothing behind: no file (not even a staging one), no row. */
export async function expectNothingStored<T>({ h, mediaDir }: MediaHarness, refuse: () => Promise<T>): Promise<T> {
  const filesBefore = listFiles(mediaDir);
  const rowsBefore = await mediaRowCount(h);
  const result = await refuse();
  expect(listFiles(mediaDir)).toEqual(filesBefore);
  expect(await mediaRowCount(h)).toBe(rowsBefore);
  return result;
}

/** Fetches a media URL from the test server (the URL's host is the configured PUBLIC_URL, not the test port). */
export function fetchMedia(h: Harness, url: string, init?: RequestInit): Promise<Response> {
  const { pathname } = new URL(url, h.url);
  return fetch(`${h.url}${pathname}`, init);
}

export async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** The URLs of an srcset ("url 160w, url 320w"), with their widths. */
export function parseSrcSet(srcSet: string): { url: string; width: number }[] {
  return srcSet.split(', ').map((entry) => {
    const [url, width] = entry.split(' ');
    return { url, width: Number(width.replace(/w$/, '')) };
  });
}
