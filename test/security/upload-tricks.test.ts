import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { attackClass } from '../helpers/attack';
import { expectNothingStored, photoWithGps, startMediaHarness, stopMediaHarness, upload, type MediaHarness } from '../helpers/media';

const CLASS = attackClass('upload tricks');

describe(`${CLASS} files that are not what they claim`, () => {
  let m: MediaHarness;
  let author: SignedIn;
  beforeAll(async () => {
    m = await startMediaHarness({ MEDIA_MAX_BYTES: '200000' });
    author = await signIn(m.h, { role: Role.AUTHOR });
  });
  afterAll(() => stopMediaHarness(m));

  test.each([
    ['HTML named photo.jpg, sent as image/jpeg', Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
    ['a shell script named run.png', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'run.png', 'image/png'],
    ['an SVG while SVG is off', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.png', 'image/png'],
    ['a PHP file', Buffer.from('<?php system($_GET["c"]); ?>'), 'shell.php', 'application/x-php'],
  ])(`${CLASS} %s is refused (415) and nothing is stored`, async (_name, bytes, filename, contentType) => {
    const refused = await expectNothingStored(m, () => upload(m.h, bytes, { token: author.token, filename, contentType }));
    expect(refused.status).toBe(415);
    expect(refused.body.errors?.[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test(`${CLASS} a file name walking up the tree (../) is refused as BAD_USER_INPUT, and nothing is stored`, async () => {
    const photo = await photoWithGps({ width: 32, height: 32 });
    for (const filename of ['../../etc/passwd.jpg', '..\\..\\boot.ini.jpg']) {
      const refused = await expectNothingStored(m, () => upload(m.h, photo, { token: author.token, filename }));
      expect(refused.status).toBe(422);
      expect(refused.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.body.errors?.[0].message).toContain('The file name must not contain a path');
    }
  });

  test(`${CLASS} an upload over MEDIA_MAX_BYTES is refused (413) and nothing is stored`, async () => {
    const big = Buffer.concat([await photoWithGps({ width: 64, height: 64 }), Buffer.alloc(250_000)]);
    const refused = await expectNothingStored(m, () => upload(m.h, big, { token: author.token }));
    expect(refused.status).toBe(413);
  });

  test(`${CLASS} an anonymous upload is refused (401) and nothing is stored`, async () => {
    const refused = await expectNothingStored(m, async () => upload(m.h, await photoWithGps({ width: 32, height: 32 })));
    expect(refused.status).toBe(401);
  });

  test(`${CLASS} a real photo is stored under its content hash (positive control)`, async () => {
    const stored = await upload(m.h, await photoWithGps({ width: 64, height: 64 }), { token: author.token, filename: 'ảnh.jpg' });
    expect(stored.status).toBe(201);
    expect(stored.body.url).toMatch(/\/media\/[0-9a-f]{64}\.(jpg|jpeg)$/);
  });
});
