import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Media } from '../../src/modules/media/media.entity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import type { Harness } from '../helpers/harness';
import {
  bytesOf,
  expectNothingStored,
  fetchMedia,
  hasGpsTag,
  metadataOf,
  photoWithGps,
  pngBomb,
  sha256,
  startMediaHarness,
  stopMediaHarness,
  streamingUpload,
  upload,
  type MediaHarness,
} from '../helpers/media';

const MAX_BYTES = 10 * 1024 * 1024;

let env: MediaHarness;
let h: Harness;
let mediaDir: string;
let author: SignedIn;
beforeAll(async () => {
  env = await startMediaHarness();
  ({ h, mediaDir } = env);
  author = await signIn(h, { role: Role.AUTHOR });
});
afterAll(() => stopMediaHarness(env));

describe('POST /media', () => {
  test('stores an author’s photo upright, without EXIF or GPS, and answers the Media (201)', async () => {
    const photo = await photoWithGps();
    const before = await metadataOf(photo);
    expect(before.exif && hasGpsTag(before.exif)).toBe(true);
    expect(before.orientation).toBe(6);

    const { status, body } = await upload(h, photo, { token: author.token, filename: 'Ảnh hiện trường.jpg', fields: { alt: '  Người hiến máu  ', caption: 'Sáng 03/11' } });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      mimeType: 'image/jpeg',
      width: 750,
      height: 1000,
      alt: 'Người hiến máu',
      caption: 'Sáng 03/11',
      originalName: 'Ảnh hiện trường.jpg'.normalize('NFC'),
    });
    expect(body.url).toMatch(new RegExp(`/media/${body.sha256}\\.jpg$`));
    expect(body.srcSet.split(', ')).toHaveLength(4); // 160, 320, 640 and the original 750

    const served = await bytesOf(await fetchMedia(h, body.url));
    expect(sha256(served)).toBe(body.sha256);
    expect(served.length).toBe(body.bytes);
    const after = await metadataOf(served);
    expect(after).toMatchObject({ format: 'jpeg', width: 750, height: 1000 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();

    const row = await h.orm.em.fork().findOneOrFail(Media, body.id);
    expect(row.uploadedBy?.id).toBe(author.user.id);
    expect(row.uploadSha256).toBe(sha256(photo));
    expect(row.storageKey).toBe(`${body.sha256}.jpg`);
    expect(fs.existsSync(path.join(mediaDir, row.storageKey))).toBe(true);
  });

  test('gives the same Media for the same bytes uploaded again (200), storing nothing new', async () => {
    const photo = await photoWithGps({ seed: 7 });
    const first = await upload(h, photo, { token: author.token, filename: 'a.jpg' });
    expect(first.status).toBe(201);
    const second = await expectNothingStored(env, () => upload(h, photo, { token: author.token, filename: 'b.jpg' }));
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.originalName).toBe('a.jpg');
  });

  test('accepts PNG, WebP, GIF and AVIF, sniffed from the bytes whatever the name and Content-Type say', async () => {
    const base = sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6f97' } });
    const cases = [
      { format: 'png', bytes: await base.clone().png().toBuffer(), mimeType: 'image/png' },
      { format: 'webp', bytes: await base.clone().webp().toBuffer(), mimeType: 'image/webp' },
      { format: 'gif', bytes: await base.clone().gif().toBuffer(), mimeType: 'image/gif' },
      { format: 'avif', bytes: await base.clone().avif().toBuffer(), mimeType: 'image/avif' },
    ];
    for (const { format, bytes, mimeType } of cases) {
      const { status, body } = await upload(h, bytes, { token: author.token, filename: 'misnamed.txt', contentType: 'text/plain' });
      expect({ format, status, mimeType: body.mimeType, width: body.width }).toEqual({ format, status: 201, mimeType, width: 64 });
      const served = await fetchMedia(h, body.url);
      expect(served.headers.get('content-type')).toBe(mimeType);
    }
  });

  test('refuses anonymous uploads (401) and unknown tokens (401) in the API’s error shape', async () => {
    const photo = await photoWithGps({ seed: 1 });
    const anonymous = await expectNothingStored(env, () => upload(h, photo));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors).toEqual([{ message: expect.stringMatching(/log in/i), extensions: { code: 'UNAUTHENTICATED' } }]);
    const forged = await expectNothingStored(env, () => upload(h, photo, { token: 'blt_not-a-real-session-token' }));
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('refuses an HTML file named .jpg (415), storing nothing', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
    const { status, body } = await expectNothingStored(env, () => upload(h, html, { token: author.token, filename: 'cat.jpg', contentType: 'image/jpeg' }));
    expect(status).toBe(415);
    expect(body.errors).toEqual([{ message: expect.stringContaining('HTML document, not an image'), extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }]);
  });

  test('refuses SVG (scripts) and bytes that only start like an image', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refusedSvg = await expectNothingStored(env, () => upload(h, svg, { token: author.token, filename: 'logo.svg', contentType: 'image/svg+xml' }));
    expect(refusedSvg.status).toBe(415);
    expect(refusedSvg.body.errors?.[0].message).toMatch(/SVG images are not accepted/);

    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('definitely not the rest of a JPEG')]);
    const refusedFake = await expectNothingStored(env, () => upload(h, fake, { token: author.token, filename: 'x.jpg' }));
    expect(refusedFake.status).toBe(415);
    expect(refusedFake.body.errors?.[0].message).toMatch(/looks like JPEG but cannot be read/);
  });

  test('refuses a 14000×14000 PNG bomb from its header, quickly (422), storing nothing', async () => {
    const bomb = await pngBomb(14_000);
    expect(bomb.length).toBeLessThan(300_000);
    const started = Date.now();
    const { status, body } = await expectNothingStored(env, () => upload(h, bomb, { token: author.token, filename: 'bomb.png', contentType: 'image/png' }));
    const ms = Date.now() - started;
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      { message: 'The image is 14000×14000 pixels (196 megapixels); the limit is 40 megapixels', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    expect(ms).toBeLessThan(2_000);
  });

  test('refuses a 30 MB file declared in Content-Length at once (413), before reading the body', async () => {
    const result = await expectNothingStored(env, () => streamingUpload(h, author.token, 30 * 1024 * 1024, { declareLength: true }));
    expect(result.status).toBe(413);
    expect(result.body.errors).toEqual([{ message: expect.stringContaining(`upload limit of ${MAX_BYTES} bytes`), extensions: { code: 'PAYLOAD_TOO_LARGE' } }]);
    expect(result.bytesSentBeforeAnswer).toBeLessThan(30 * 1024 * 1024);
  });

  test('refuses a 30 MB file sent without Content-Length while it streams (413), long before its end', async () => {
    const result = await expectNothingStored(env, () => streamingUpload(h, author.token, 30 * 1024 * 1024, { declareLength: false }));
    expect(result.status).toBe(413);
    expect(result.body.errors?.[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // The answer comes once the cap is crossed, give or take the socket buffers.
    expect(result.bytesSentBeforeAnswer).toBeLessThan(MAX_BYTES + 8 * 1024 * 1024);
  });

  test('refuses a "../../x.jpg" file name (422), storing nothing; other path prefixes are cut off', async () => {
    const photo = await photoWithGps({ seed: 2 });
    const refused = await expectNothingStored(env, () => upload(h, photo, { token: author.token, filename: '../../x.jpg' }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ message: expect.stringContaining('must not contain a path'), extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(fs.existsSync(path.join(mediaDir, '..', '..', 'x.jpg'))).toBe(false);

    // An old browser's full Windows path, in NFD as macOS writes it: kept as "phố cổ.jpg" in NFC.
    const accepted = await upload(h, photo, { token: author.token, filename: `C:\\fakepath\\ ${'phố cổ'.normalize('NFD')}.jpg ` });
    expect(accepted.status).toBe(201);
    expect(accepted.body.originalName).toBe('phố cổ.jpg'.normalize('NFC'));
    expect(accepted.body.url).toMatch(/\/media\/[a-f0-9]{64}\.jpg$/);
  });

  test('refuses requests that are not one file in multipart/form-data (400/415)', async () => {
    const photo = await photoWithGps({ seed: 3 });
    const notMultipart = await fetch(`${h.url}/media`, { method: 'POST', headers: { authorization: `Bearer ${author.token}`, 'content-type': 'image/jpeg' }, body: photo });
    expect(notMultipart.status).toBe(415);

    const noFile = new FormData();
    noFile.append('alt', 'nothing');
    const empty = await fetch(`${h.url}/media`, { method: 'POST', headers: { authorization: `Bearer ${author.token}` }, body: noFile });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(/No file/);

    const two = new FormData();
    two.append('file', new Blob([photo]), 'a.jpg');
    two.append('file2', new Blob([photo]), 'b.jpg');
    const twoFiles = await expectNothingStored(env, () => fetch(`${h.url}/media`, { method: 'POST', headers: { authorization: `Bearer ${author.token}` }, body: two }));
    expect(twoFiles.status).toBe(400);
  });

  test('refuses an alt text that is too long (422), storing nothing', async () => {
    const photo = await photoWithGps({ seed: 4 });
    const { status, body } = await expectNothingStored(env, () => upload(h, photo, { token: author.token, fields: { alt: 'x'.repeat(1_001) } }));
    expect(status).toBe(422);
    expect(body.errors?.[0].message).toBe('"alt" must be at most 1000 characters');
  });
});
