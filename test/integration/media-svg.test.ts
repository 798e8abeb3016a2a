import fs from 'node:fs';
import { ConfigError, loadConfig } from '../../src/config';
import { Media } from '../../src/modules/media/media.entity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf } from '../helpers/expect-graphql';
import {
  bytesOf,
  expectNothingStored,
  fetchMedia,
  listFiles,
  photoWithGps,
  sha256,
  startMediaHarness,
  stopMediaHarness,
  upload,
  type MediaHarness,
} from '../helpers/media';

/** Everything an SVG must not keep, around shapes it must keep. */
const HOSTILE_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 640 480" width="640" height="480" onload="alert('onload')">
  <style>svg { background: url(http://evil.example/track.png) }</style>
  <script type="text/javascript"><![CDATA[ alert('script') ]]></script>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1" gradientUnits="objectBoundingBox">
      <stop offset="0" stop-color="#0af"/>
      <stop offset="1" stop-color="#fff"/>
    </linearGradient>
  </defs>
  <rect width="640" height="480" fill="url(#sky)" style="fill:red" onclick="alert('click')"/>
  <path d="M10 10 L630 470" stroke="#333" stroke-width="4" fill="url(http://evil.example/paint)"/>
  <foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://evil.example/frame"></iframe><p>html inside</p></body></foreignObject>
  <a href="javascript:alert('link')"><circle cx="50" cy="50" r="40"/></a>
  <image href="http://evil.example/pixel.png" width="10" height="10"/>
  <use xlink:href="javascript:alert('use')"/>
  <use href="data:image/svg+xml;base64,PHN2Zy8+"/>
  <use href="#sky"/>
  <text x="20" y="40" font-family="serif">Bản đồ &amp; chú thích</text>
</svg>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&lol3;</text><rect width="1" height="1"/></svg>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&xxe;</text></svg>`;

const SIMPLE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120.4 80"><circle cx="60" cy="40" r="30" fill="#c00"/></svg>';

interface Harnessed extends MediaHarness {
  author: SignedIn;
}

async function start(env: Record<string, string> = {}): Promise<Harnessed> {
  const started = await startMediaHarness(env);
  return { ...started, author: await signIn(started.h, { role: Role.AUTHOR }) };
}

function svgUpload(env: Harnessed, svg: string, filename = 'drawing.svg') {
  return upload(env.h, Buffer.from(svg), { token: env.author.token, filename, contentType: 'image/svg+xml' });
}

describe('SVG with MEDIA_ALLOW_SVG unset (the default)', () => {
  let env: Harnessed;
  beforeAll(async () => {
    env = await start();
  });
  afterAll(() => stopMediaHarness(env));

  test('MEDIA_ALLOW_SVG is a boolean, false unless set', () => {
    expect(loadConfig({}).mediaAllowSvg).toBe(false);
    expect(loadConfig({ MEDIA_ALLOW_SVG: 'true' }).mediaAllowSvg).toBe(true);
    expect(loadConfig({ MEDIA_ALLOW_SVG: 'off' }).mediaAllowSvg).toBe(false);
    expect(() => loadConfig({ MEDIA_ALLOW_SVG: 'sometimes' })).toThrow(ConfigError);
  });

  test('is refused with 415 and nothing on disk or in the database, whatever its name or declared type', async () => {
    expect(env.h.config.mediaAllowSvg).toBe(false);
    for (const [svg, filename, contentType] of [
      [SIMPLE_SVG, 'logo.svg', 'image/svg+xml'],
      [HOSTILE_SVG, 'photo.jpg', 'image/jpeg'],
      [BILLION_LAUGHS, 'logo.svg', 'image/svg+xml'],
    ]) {
      const { status, body } = await expectNothingStored(env, () => upload(env.h, Buffer.from(svg), { token: env.author.token, filename, contentType }));
      expect(status).toBe(415);
      expect(body.errors).toEqual([{ message: expect.stringMatching(/SVG images are not accepted/), extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }]);
    }
  });
});

describe('SVG with MEDIA_ALLOW_SVG=true', () => {
  let env: Harnessed;
  let editor: SignedIn;
  beforeAll(async () => {
    env = await start({ MEDIA_ALLOW_SVG: 'true' });
    editor = await signIn(env.h, { role: Role.EDITOR });
  });
  afterAll(() => stopMediaHarness(env));

  test('is stored sanitized: scripts, handlers, styles, foreign content, links and external resources gone, shapes kept', async () => {
    const uploaded = Buffer.from(HOSTILE_SVG);
    const { status, body } = await svgUpload(env, HOSTILE_SVG);
    expect(status).toBe(201);
    expect(body).toMatchObject({ mimeType: 'image/svg+xml', width: 640, height: 480, originalName: 'drawing.svg' });
    expect(body.url).toMatch(new RegExp(`/media/${body.sha256}\\.svg$`));
    expect(body.srcSet).toBe(body.url);

    const stored = fs.readFileSync(`${env.mediaDir}/${body.sha256}.svg`, 'utf8');
    // The sanitized bytes are what is stored and hashed, not the upload.
    expect(sha256(Buffer.from(stored))).toBe(body.sha256);
    expect(body.sha256).not.toBe(sha256(uploaded));
    expect(body.bytes).toBe(Buffer.byteLength(stored));
    const row = await env.h.orm.em.fork().findOneOrFail(Media, body.id);
    expect(row).toMatchObject({ storageKey: `${body.sha256}.svg`, mimeType: 'image/svg+xml', uploadSha256: sha256(uploaded), width: 640, height: 480 });

    for (const gone of [/<script/i, /alert/, /\bon[a-z]+=/i, /<style/i, /style=/i, /foreignObject/i, /<iframe/i, /<body/i, /html inside/, /javascript:/i, /data:/i, /evil\.example/, /<image/i, /<a[\s>]/i, /<\?xml/, /<!--/]) {
      expect(stored).not.toMatch(gone);
    }
    // Shapes, the gradient (camelCase names intact) and text remain.
    expect(stored.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(stored).toContain('viewBox="0 0 640 480"');
    expect(stored).toMatch(/<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1" gradientUnits="objectBoundingBox">\s*<stop offset="0" stop-color="#0af"/);
    expect(stored).toContain('<rect width="640" height="480" fill="url(#sky)">');
    expect(stored).toContain('<path d="M10 10 L630 470" stroke="#333" stroke-width="4">');
    expect(stored).toContain('<circle cx="50" cy="50" r="40">');
    expect(stored).toContain('<use href="#sky">');
    expect(stored).toContain('<text x="20" y="40" font-family="serif">Bản đồ &amp; chú thích</text>');
    expect(stored.endsWith('</svg>')).toBe(true);

    // The same upload again is the same Media.
    const again = await svgUpload(env, HOSTILE_SVG, 'again.svg');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(body.id);
  });

  test('is recognised from its bytes, not its name or declared type', async () => {
    const svg = SIMPLE_SVG.replace('#c00', '#0c0');
    const { status, body } = await upload(env.h, Buffer.from(svg), { token: env.author.token, filename: 'photo.png', contentType: 'image/png' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ mimeType: 'image/svg+xml', width: 120, height: 80 });
    // …and a real photo named .svg is a JPEG.
    const photo = await upload(env.h, await photoWithGps({ width: 200, height: 150, seed: 7 }), { token: env.author.token, filename: 'logo.svg', contentType: 'image/svg+xml' });
    expect(photo.status).toBe(201);
    expect(photo.body.mimeType).toBe('image/jpeg');
  });

  test('with a DOCTYPE or ENTITY declarations (billion laughs, XXE) is refused, leaving nothing behind', async () => {
    for (const svg of [BILLION_LAUGHS, XXE, '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SIMPLE_SVG]) {
      const { status, body } = await expectNothingStored(env, () => svgUpload(env, svg));
      expect(status).toBe(422);
      expect(body.errors).toEqual([{ message: expect.stringContaining('DOCTYPE or ENTITY'), extensions: { code: 'BAD_USER_INPUT' } }]);
    }
  });

  test('with nothing left to draw, or no size at all, is refused', async () => {
    const empty = await expectNothingStored(env, () =>
      svgUpload(env, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><foreignObject><rect width="5" height="5"/></foreignObject></svg>'),
    );
    expect(empty.status).toBe(422);
    expect(empty.body.errors?.[0].message).toMatch(/nothing left to draw/);
    const unsized = await expectNothingStored(env, () => svgUpload(env, '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'));
    expect(unsized.status).toBe(422);
    expect(unsized.body.errors?.[0].message).toMatch(/no viewBox, width or height/);
    // XML with another root element is not an SVG, even if it holds one.
    const wrapped = await expectNothingStored(env, () => svgUpload(env, `<drawing>${SIMPLE_SVG}</drawing>`));
    expect(wrapped.status).toBe(415);
  });

  test('is served as image/svg+xml with a sandboxing CSP; url(width) and srcSet are the original, and it has no variants', async () => {
    const svg = SIMPLE_SVG.replace('#c00', '#00c');
    const { body: media } = await svgUpload(env, svg);
    const { media: fields } = dataOf(
      await env.h.gql<{ media: { url: string; small: string; webp: string; srcSet: string; srcSetAvif: string; width: number; height: number; mimeType: string } }>(
        'query($id: ID!) { media(id: $id) { url small: url(width: 320) webp: url(width: 320, format: WEBP) srcSet srcSetAvif: srcSet(format: AVIF) width height mimeType } }',
        { id: media.id },
        { token: env.author.token },
      ),
    );
    expect(fields).toMatchObject({ width: 120, height: 80, mimeType: 'image/svg+xml' });
    expect(fields.url).toMatch(new RegExp(`/media/${media.sha256}\\.svg$`));
    for (const url of [fields.small, fields.webp, fields.srcSet, fields.srcSetAvif]) expect(url).toBe(fields.url);

    const served = await fetchMedia(env.h, fields.small);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = await bytesOf(served);
    expect(sha256(bytes)).toBe(media.sha256);
    expect(bytes.toString('utf8')).toContain('<circle cx="60" cy="40" r="30" fill="#00c">');

    // No variant of an SVG is ever made: asking for one is a 404, and nothing is written.
    const filesBefore = listFiles(env.mediaDir);
    for (const variant of ['w320.webp', 'w120.png', 'w160.jpg']) {
      expect((await fetch(`${env.h.url}/media/${media.sha256}/${variant}`)).status).toBe(404);
    }
    expect((await fetch(`${env.h.url}/media/${media.sha256}/w320.svg`)).status).toBe(404);
    expect(listFiles(env.mediaDir)).toEqual(filesBefore);

    // Deleting it removes the one stored file.
    dataOf(await env.h.gql('mutation($id: ID!) { deleteMedia(id: $id) }', { id: media.id }, { token: editor.token }));
    expect(listFiles(env.mediaDir)).not.toContain(`${media.sha256}.svg`);
    expect((await fetchMedia(env.h, fields.url)).status).toBe(404);
  });
});
