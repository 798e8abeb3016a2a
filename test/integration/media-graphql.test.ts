import fs from 'node:fs';
import path from 'node:path';
import type { Category } from '../../src/modules/category/category.entity';
import { Media } from '../../src/modules/media/media.entity';
import { Site } from '../../src/modules/site/site.entity';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { ArticleStatus, createArticle } from '../helpers/factories';
import type { Harness } from '../helpers/harness';
import { bytesOf, fetchMedia, hasGpsTag, listFiles, metadataOf, parseSrcSet, photoWithGps, sha256, stopMediaHarness, tempMediaDir, upload, type MediaJson } from '../helpers/media';
import { publishedDraft, startNewsroom } from '../helpers/newsroom';

let h: Harness, author: SignedIn, editor: SignedIn, category: Category;
let mediaDir: string;
beforeAll(async () => {
  mediaDir = tempMediaDir();
  ({ h, author, editor, category } = await startNewsroom({ MEDIA_DIR: mediaDir }));
});
afterAll(() => stopMediaHarness({ h, mediaDir }));

let seed = 100;
async function uploaded(token = author.token): Promise<MediaJson> {
  seed += 1;
  const { status, body } = await upload(h, await photoWithGps({ seed, width: 400, height: 300 }), { token });
  expect(status).toBe(201);
  return body;
}

const MEDIA = 'query($id: ID!) { media(id: $id) { id alt url } }';

interface CoverData {
  article: {
    status: string;
    coverImage: { id: string; url: string; width: number; webp: string; srcSet: string; srcSetWebp: string; srcSetAvif: string; snapped: string; wide: string };
  } | null;
}

describe('an author’s photo with GPS EXIF as the cover of a published article', () => {
  test('the served original and every variant carry no EXIF, and srcSet lists working URLs', async () => {
    const photo = await photoWithGps({ seed: 1, width: 1600, height: 1200 });
    expect(hasGpsTag((await metadataOf(photo)).exif as Buffer)).toBe(true);
    const { status, body: media } = await upload(h, photo, { token: author.token, fields: { alt: 'Hiến máu' } });
    expect(status).toBe(201);

    const created = await publishedDraft({ h, author, editor, category }, { title: 'Ảnh bìa có GPS', coverImageId: media.id, body: `<p>Trong bài:</p><img src="/media/${media.sha256}.jpg" alt="x">` });

    const { article } = dataOf(
      await h.gql<CoverData>(
        `query($id: ID!) { article(id: $id) { status coverImage {
          id url width webp: url(format: WEBP) srcSet srcSetWebp: srcSet(format: WEBP) srcSetAvif: srcSet(format: AVIF)
          snapped: url(width: 500) wide: url(width: 5000, format: PNG) } } }`,
        { id: created.id },
      ),
    );
    expect(article?.status).toBe('PUBLISHED');
    const cover = article?.coverImage;
    expect(cover?.id).toBe(media.id);
    expect(cover?.width).toBe(1200); // upright: the camera held it sideways
    expect(cover?.snapped).toMatch(new RegExp(`/media/${media.sha256}/w640\\.jpg$`));
    expect(cover?.wide).toMatch(new RegExp(`/media/${media.sha256}/w1200\\.png$`));
    expect(cover?.webp).toMatch(new RegExp(`/media/${media.sha256}/w1200\\.webp$`));

    const original = await fetchMedia(h, cover?.url as string);
    expect(original.status).toBe(200);
    const originalBytes = await bytesOf(original);
    expect(sha256(originalBytes)).toBe(media.sha256);
    expect((await metadataOf(originalBytes)).exif).toBeUndefined();
    expect(originalBytes.includes(Buffer.from('Bulletin Test Camera'))).toBe(false);

    const urls = [cover?.srcSet, cover?.srcSetWebp, cover?.srcSetAvif].flatMap((set) => parseSrcSet(set as string));
    expect(urls.map((entry) => entry.width)).toEqual([160, 320, 640, 960, 1200, 160, 320, 640, 960, 1200, 160, 320, 640, 960, 1200]);
    for (const { url, width } of [...urls, { url: cover?.snapped as string, width: 640 }, { url: cover?.wide as string, width: 1200 }]) {
      const response = await fetchMedia(h, url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const metadata = await metadataOf(await bytesOf(response));
      expect({ url, width: metadata.width, exif: metadata.exif, orientation: metadata.orientation }).toEqual({ url, width, exif: undefined, orientation: undefined });
    }
    expect(dataOf(await h.gql<{ media: { id: string } | null }>(MEDIA, { id: media.id })).media?.id).toBe(media.id);
  });
});

describe('media(id)', () => {
  test('is null for the public until a published article shows the image (cover or body); staff always see it', async () => {
    const media = await uploaded();
    expect(dataOf(await h.gql(MEDIA, { id: media.id })).media).toBeNull();
    expect(dataOf(await h.gql<{ media: { id: string } }>(MEDIA, { id: media.id }, { token: author.token })).media.id).toBe(media.id);

    const draft = await createArticle(h.orm.em.fork(), { status: ArticleStatus.DRAFT, body: `<img src="/media/${media.sha256}.jpg">` });
    expect(dataOf(await h.gql(MEDIA, { id: media.id })).media).toBeNull();
    const scheduled = await createArticle(h.orm.em.fork(), { status: ArticleStatus.PUBLISHED, publishedAt: new Date(Date.now() + 3_600_000), body: `<img src="/media/${media.sha256}.jpg">` });
    expect(dataOf(await h.gql(MEDIA, { id: media.id })).media).toBeNull();
    expect([draft.id, scheduled.id]).toHaveLength(2);

    await createArticle(h.orm.em.fork(), { body: `<p>x</p><figure><img src="http://localhost:0/media/${media.sha256}.jpg"></figure>` });
    expect(dataOf(await h.gql<{ media: { id: string } }>(MEDIA, { id: media.id })).media.id).toBe(media.id);
  });

  test('shows the public the site banner and published covers; originalName and uploadedBy stay staff-only', async () => {
    const banner = await h.orm.em.fork().getKnex()('site').first('banner_image_id as id');
    expect(dataOf(await h.gql<{ media: { id: string } }>(MEDIA, { id: banner.id })).media.id).toBe(banner.id);

    const media = await uploaded();
    const em = h.orm.em.fork();
    await createArticle(em, { coverImage: em.getReference(Media, media.id) });
    const query = 'query($id: ID!) { media(id: $id) { id originalName uploadedBy { id } } }';
    const anonymous = await h.gql<{ media: { originalName: string | null } }>(query, { id: media.id });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const staff = dataOf(await h.gql<{ media: { originalName: string; uploadedBy: { id: string } } }>(query, { id: media.id }, { token: editor.token }));
    expect(staff.media).toMatchObject({ originalName: 'photo.jpg', uploadedBy: { id: author.user.id } });
  });

  test('refuses a malformed id and a non-positive width', async () => {
    expectBadInput(await h.gql(MEDIA, { id: 'nope' }), 'id');
    const media = await uploaded();
    expectBadInput(await h.gql('query($id: ID!) { media(id: $id) { url(width: 0) } }', { id: media.id }, { token: author.token }), 'width');
  });
});

describe('mediaList', () => {
  const LIST = `query($first: Int, $after: String, $filter: MediaListFilter) {
    mediaList(first: $first, after: $after, filter: $filter) { nodes { id mimeType } pageInfo { hasNextPage endCursor } } }`;
  type ListData = { mediaList: { nodes: { id: string; mimeType: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

  test('is staff only', async () => {
    const result = await h.gql(LIST, { first: 5 });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('pages newest first with cursors, and filters by uploader and type', async () => {
    const uploader = await signIn(h, { role: Role.AUTHOR });
    const mine = [await uploaded(uploader.token), await uploaded(uploader.token), await uploaded(uploader.token)];
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: ListData = dataOf(await h.gql<ListData>(LIST, { first: 2, after, filter: { uploadedBy: uploader.user.id } }, { token: author.token }));
      seen.push(...data.mediaList.nodes.map((node) => node.id));
      if (!data.mediaList.pageInfo.hasNextPage) break;
      after = data.mediaList.pageInfo.endCursor;
    }
    expect(seen).toEqual(mine.map((m) => m.id).reverse());

    const pngs = dataOf(await h.gql<ListData>(LIST, { first: 100, filter: { mimeType: 'image/png' } }, { token: editor.token }));
    expect(pngs.mediaList.nodes.length).toBeGreaterThanOrEqual(5); // the seeded placeholders
    expect(new Set(pngs.mediaList.nodes.map((node) => node.mimeType))).toEqual(new Set(['image/png']));
    expectBadInput(await h.gql(LIST, { first: 2, after: 'forged' }, { token: editor.token }), 'after');
  });
});

describe('deleteMedia', () => {
  const DELETE = 'mutation($id: ID!) { deleteMedia(id: $id) }';

  test('is refused while an article uses the image (cover or body), naming it', async () => {
    const media = await uploaded();
    const em = h.orm.em.fork();
    await createArticle(em, { title: 'Bài có ảnh bìa', status: ArticleStatus.DRAFT, coverImage: em.getReference(Media, media.id) });
    await createArticle(em, { title: 'Bài có ảnh trong thân', body: `<img src="/media/${media.sha256}.jpg">` });
    const result = await h.gql(DELETE, { id: media.id }, { token: editor.token });
    expectBadInput(result, 'id');
    expect(result.errors?.[0].message).toBe(
      'This image is still in use: article "Bài có ảnh bìa" (cover image); article "Bài có ảnh trong thân" (in its body). Remove it from there first',
    );
    expect(await h.orm.em.fork().getKnex()('media').first('id').where('id', media.id)).toBeDefined();
  });

  test('names the site banner, and counts (without naming) articles the author may not see', async () => {
    const media = await uploaded();
    const em = h.orm.em.fork();
    await createArticle(em, { title: 'Bản nháp của người khác', status: ArticleStatus.DRAFT, coverImage: em.getReference(Media, media.id) });
    const [site] = await em.find(Site, {}, { orderBy: { createdAt: 'asc' }, limit: 1 });
    const previousBanner = site.bannerImage;
    site.bannerImage = em.getReference(Media, media.id);
    await em.flush();
    try {
      const result = await h.gql(DELETE, { id: media.id }, { token: author.token });
      expect(result.errors?.[0].message).toBe('This image is still in use: 1 other article(s); the site banner. Remove it from there first');
    } finally {
      site.bannerImage = previousBanner;
      await em.flush();
    }
  });

  test('deletes an unused image with its stored original and variants', async () => {
    const media = await uploaded();
    for (const { url } of parseSrcSet(media.srcSet)) expect((await fetchMedia(h, url)).status).toBe(200);
    expect(listFiles(path.join(mediaDir, media.sha256)).length).toBeGreaterThan(0);

    expect(dataOf(await h.gql<{ deleteMedia: string }>(DELETE, { id: media.id }, { token: author.token })).deleteMedia).toBe(media.id);
    expect(fs.existsSync(path.join(mediaDir, `${media.sha256}.jpg`))).toBe(false);
    expect(fs.existsSync(path.join(mediaDir, media.sha256))).toBe(false);
    expect((await fetchMedia(h, media.url)).status).toBe(404);
    expect((await fetchMedia(h, parseSrcSet(media.srcSet)[0].url)).status).toBe(404);
    expect(await h.orm.em.fork().getKnex()('media').first('id').where('id', media.id)).toBeUndefined();
  });
});
