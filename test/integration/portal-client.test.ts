// The example portal's GraphQL client against a real Bulletin: GET with automatic persisted
// queries (the document sent once, then only its hash), POST, and its two kinds of failure.
import { BulletinClient, BulletinQueryError, BulletinUnavailableError } from '../../examples/portal/src/bulletin-client';
import { ARTICLE_PAGE_QUERY, type ArticlePageData } from '../../examples/portal/src/queries';
import { freePort } from '../../src/shared/process';
import { startHarness, type Harness } from '../helpers/harness';
import { recordingFetch } from '../helpers/recording-fetch';

const SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('the portal GraphQL client', () => {
  it('sends a page query as GET with its hash, the document only the first time', async () => {
    const recorder = recordingFetch();
    const client = new BulletinClient(h.url, { transport: 'get', fetch: recorder.fetch });
    const first = await client.query<ArticlePageData>(ARTICLE_PAGE_QUERY, { slug: SLUG, latest: 5 });
    expect(first.data.article?.title).toBe('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022');
    expect(first.registeredQuery).toBe(true);
    expect(recorder.sent.map(({ method, url }) => [method, url.searchParams.has('query')])).toEqual([
      ['GET', false],
      ['GET', true],
    ]);

    const second = await client.query<ArticlePageData>(ARTICLE_PAGE_QUERY, { slug: SLUG, latest: 5 });
    expect(second.registeredQuery).toBe(false);
    // Ad servings are new on every request; the page's content is the same.
    expect({ ...second.data, ad1: null, ad2: null, ad3: null }).toEqual({ ...first.data, ad1: null, ad2: null, ad3: null });
    expect(recorder.sent).toHaveLength(3);
    const last = recorder.sent[2].url;
    expect([recorder.sent[2].method, last.searchParams.has('query')]).toEqual(['GET', false]);
    expect(JSON.parse(last.searchParams.get('extensions') ?? '{}')).toEqual({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.parse(last.searchParams.get('variables') ?? '{}')).toEqual({ slug: SLUG, latest: 5 });
  });

  it('sends the document in one POST with the post transport', async () => {
    const recorder = recordingFetch();
    const client = new BulletinClient(h.url, { transport: 'post', fetch: recorder.fetch });
    const result = await client.query<ArticlePageData>(ARTICLE_PAGE_QUERY, { slug: SLUG, latest: 5 });
    expect(result.data.site.name).toBe('Cổng thông tin quận Dương Kinh');
    expect(recorder.sent.map(({ method }) => method)).toEqual(['POST']);
  });

  it('throws the API errors with their codes when Bulletin refuses the query', async () => {
    const client = new BulletinClient(h.url);
    const failure = await client.query('query Broken { site { noSuchField } }', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BulletinQueryError);
    expect((failure as BulletinQueryError).errors.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('says Bulletin is unavailable when nothing listens', async () => {
    const client = new BulletinClient(`http://127.0.0.1:${await freePort()}`);
    await expect(client.query(ARTICLE_PAGE_QUERY, { slug: SLUG, latest: 5 })).rejects.toBeInstanceOf(BulletinUnavailableError);
  });
});
