import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ArticleStatus, createArticle } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { BULLETIN_AUTHOR, BULLETIN_SLUG, SITE_URL, bulletinArticle, get } from '../helpers/syndication';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ninjs-schema_2.1.json'), 'utf8')) as object;
// strictRequired off: the schema requires `uri` of associations through its $ref (valid 2020-12, which strict mode cannot follow).
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const PUBLIC_URL = 'https://api.example.vn';
const USAGE = 'Đăng lại phải ghi rõ nguồn và dẫn link bài gốc.';

function expectValidNinjs(document: unknown): void {
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

let h: Harness;
let bulletin: Awaited<ReturnType<typeof bulletinArticle>>;
beforeAll(async () => {
  h = await startHarness({ SITE_URL, PUBLIC_URL, CONTENT_USAGE_TERMS: USAGE });
  bulletin = await bulletinArticle(h);
});
afterAll(() => h?.close());

describe('GET /ninjs/articles/<id>', () => {
  test('the bulletin article validates against the ninjs 2.1 schema, with every field partners read', async () => {
    const response = await get(h, `/ninjs/articles/${bulletin.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-tag')).toBe(`site,article:${bulletin.id}`);
    const ninjs = JSON.parse(response.body);
    expectValidNinjs(ninjs);
    const site = (await h.orm.em.getConnection().execute('select name from site limit 1'))[0] as { name: string };
    expect(ninjs).toMatchObject({
      uri: `${SITE_URL}/#article-${bulletin.id}`,
      type: 'text',
      pubstatus: 'usable',
      language: 'vi',
      by: BULLETIN_AUTHOR,
      slugline: BULLETIN_SLUG,
      copyrightholder: site.name,
      copyrightnotice: `© ${site.name}`,
      usageterms: USAGE,
      altids: [{ role: 'canonical-url', value: `${SITE_URL}/${BULLETIN_SLUG}` }],
      standard: { name: 'ninjs', version: '2.1' },
    });
    expect(ninjs).not.toHaveProperty('embargoed');
    expect(ninjs.headlines[0].value).toMatch(/hiến máu/);
    expect(ninjs.bodies[0]).toMatchObject({ role: 'main', contenttype: 'text/html' });
    expect(new Date(ninjs.versioncreated).toISOString()).toBe(ninjs.versioncreated);
    expect(ninjs.subjects).toEqual(expect.arrayContaining([expect.objectContaining({ rel: 'category' }), { name: 'hiến máu', rel: 'tag', literal: 'hiến máu' }]));
    expect(ninjs.associations).toEqual([
      expect.objectContaining({
        name: 'featureimage',
        type: 'picture',
        uri: `${PUBLIC_URL}/media/${bulletin.storage_key}`,
        renditions: [expect.objectContaining({ name: 'original', contenttype: bulletin.mime_type, width: 800, height: 533 })],
      }),
    ]);
  });

  test('the schema catches what ninjs 2.1 forbids (the fixture is not a rubber stamp)', async () => {
    const ninjs = JSON.parse((await get(h, `/ninjs/articles/${bulletin.id}`)).body);
    expect(validate({ ...ninjs, pubstatus: 'published' })).toBe(false);
    expect(validate({ ...ninjs, versioncreated: 'yesterday' })).toBe(false);
    expect(validate({ ...ninjs, canonicalUrl: 'x' })).toBe(false);
    expect(validate({ ...ninjs, associations: [{ uri: 'https://x.example/1' }] })).toBe(false);
  });

  test('anything not public is a 404: a draft, a scheduled article, a deleted one, an unknown or malformed id', async () => {
    const em = h.orm.em.fork();
    const draft = await createArticle(em, { status: ArticleStatus.DRAFT });
    const scheduled = await createArticle(em, { status: ArticleStatus.SCHEDULED, publishedAt: new Date(Date.now() + 3_600_000) });
    const deleted = await createArticle(em, { deletedAt: new Date() });
    for (const id of [draft.id, scheduled.id, deleted.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const response = await get(h, `/ninjs/articles/${id}`);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body)).toEqual({ error: 'Not found' });
    }
  });

  test('answers 304 to its ETag', async () => {
    const first = await get(h, `/ninjs/articles/${bulletin.id}`);
    expect((await get(h, `/ninjs/articles/${bulletin.id}`, { 'if-none-match': first.headers.get('etag') ?? '' })).status).toBe(304);
  });
});

describe('GET /ninjs/latest.json', () => {
  test('a composite item whose associations are the latest articles, each valid ninjs, the bulletin article among them', async () => {
    const response = await get(h, '/ninjs/latest.json');
    expect(response.status).toBe(200);
    const feed = JSON.parse(response.body);
    expectValidNinjs(feed);
    expect(feed.type).toBe('composite');
    const item = feed.associations.find((association: { uri: string }) => association.uri === `${SITE_URL}/#article-${bulletin.id}`);
    expect(item).toMatchObject({ name: expect.stringMatching(/^article\d+$/), by: BULLETIN_AUTHOR, pubstatus: 'usable' });
    const dates = feed.associations.map((association: { contentcreated: string }) => association.contentcreated);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});
