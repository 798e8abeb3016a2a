import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { ACTIVE_CONTENT, XSS_PAYLOADS, attackClass } from '../helpers/attack';
import { createDraft } from '../helpers/article-api';
import { fetchMedia, startMediaHarness, stopMediaHarness, upload, type MediaHarness } from '../helpers/media';
import { createCategory, createMedia } from '../helpers/factories';
import { SERVE_SLOT, createCampaign, createCreative, createSlot, type ServingData } from '../helpers/ads';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { browser } from '../helpers/views-api';

const CLASS = attackClass('xss');

describe(`${CLASS} script through article bodies, titles and SVG`, () => {
  let m: MediaHarness;
  let author: SignedIn;
  let categoryId: string;
  beforeAll(async () => {
    m = await startMediaHarness({ MEDIA_ALLOW_SVG: 'true' });
    author = await signIn(m.h, { role: Role.AUTHOR });
    categoryId = (await createCategory(m.h.orm.em.fork())).id;
  });
  afterAll(() => stopMediaHarness(m));

  test.each(XSS_PAYLOADS.map((payload) => [payload]))(`${CLASS} a body holding %s is stored without active content, keeping its text`, async (payload) => {
    const draft = await createDraft(m.h, author.token, { categoryId, body: `<p>Tin chính ${payload}</p>` });
    expect(draft.body).not.toMatch(ACTIVE_CONTENT);
    expect(draft.body).toContain('Tin chính');
    const stored = await m.h.orm.em.getConnection().execute('select body from article where id = ?', [draft.id]);
    expect(stored[0].body).not.toMatch(ACTIVE_CONTENT);
  });

  test(`${CLASS} a title is plain text: returned exactly as written, in JSON, never as HTML`, async () => {
    const title = '<script>alert("tiêu đề")</script>';
    const response = await fetch(`${m.h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}` },
      body: JSON.stringify({ query: 'mutation($c: ID!, $t: String!) { createArticle(input: { title: $t, categoryId: $c }) { title } }', variables: { c: categoryId, t: title } }),
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await response.json()) as { data: { createArticle: { title: string } } }).data.createArticle.title).toBe(title);
  });

  test(`${CLASS} an SVG with scripts and handlers is stored sanitized and served with a sandboxing CSP`, async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="10" height="10" onclick="alert(4)"/></a></svg>`;
    const uploaded = await upload(m.h, Buffer.from(svg), { token: author.token, contentType: 'image/svg+xml', filename: 'logo.svg' });
    expect(uploaded.status).toBe(201);
    const served = await fetchMedia(m.h, uploaded.body.url);
    const text = await served.text();
    expect(text).not.toMatch(ACTIVE_CONTENT);
    expect(text).toContain('<rect');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
  });
});

describe(`${CLASS} script through ad alt text and click URLs`, () => {
  let h: Harness;
  let editor: SignedIn;
  beforeAll(async () => {
    h = await startHarness();
    editor = await signIn(h, { role: Role.EDITOR });
  });
  afterAll(() => h?.close());

  const CREATE_CREATIVE = 'mutation($input: CreateAdCreativeInput!) { createAdCreative(input: $input) { id alt clickUrl } }';
  const UPDATE_CREATIVE = 'mutation($id: ID!, $input: UpdateAdCreativeInput!) { updateAdCreative(id: $id, input: $input) { id clickUrl } }';
  const asEditor = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: editor.token });
  const creativeCount = async (campaignId: string) => Number((await h.orm.em.getKnex()('ad_creative').count({ n: '*' }).where('campaign_id', campaignId).first())?.n);
  const storedCreative = async (id: string) => (await h.orm.em.getKnex()('ad_creative').first('alt', 'click_url').where('id', id)) as { alt: string; click_url: string };

  /** A campaign in a slot of its own with an image of the slot's size: what a creative needs. */
  async function creativeBase(): Promise<{ slotKey: string; input: { campaignId: string; imageId: string; alt: string; clickUrl: string } }> {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const campaign = await createCampaign(em, [slot]);
    const image = await createMedia(em, { width: 300, height: 250, mimeType: 'image/png' });
    return { slotKey: slot.key, input: { campaignId: campaign.id, imageId: image.id, alt: 'Khai trương', clickUrl: 'https://shop.example/khai-truong' } };
  }

  /** Script URLs as an attacker spells them: the plain scheme, its case, leading blanks, a tab the URL parser drops, data: and vbscript:. */
  const SCRIPT_URLS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'javascript://shop.example/%0Aalert(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+', 'vbscript:msgbox(1)'];

  test(`${CLASS} positive control: an https click URL and a plain alt text are stored and served`, async () => {
    const { slotKey, input } = await creativeBase();
    const created = dataOf(await asEditor(CREATE_CREATIVE, { input })) as { createAdCreative: { id: string; alt: string; clickUrl: string } };
    expect(created.createAdCreative).toMatchObject({ alt: 'Khai trương', clickUrl: 'https://shop.example/khai-truong' });
    const served = dataOf(await h.gql<ServingData>(SERVE_SLOT, { key: slotKey }, { headers: { 'user-agent': browser('xss-control') } })).adSlot;
    expect(served?.ads.map((ad) => ad.creative.alt)).toEqual(['Khai trương']);
  });

  test.each(SCRIPT_URLS.map((url) => [url]))(`${CLASS} createAdCreative refuses the click URL %j with BAD_USER_INPUT naming clickUrl`, async (url) => {
    const { input } = await creativeBase();
    const before = await creativeCount(input.campaignId);
    const result = await asEditor(CREATE_CREATIVE, { input: { ...input, clickUrl: url } });
    expectBadInput(result, 'clickUrl');
    expect(result.errors?.[0].message).toBe('"clickUrl" must be an absolute http:// or https:// URL');
    expect(await creativeCount(input.campaignId)).toBe(before);
  });

  test(`${CLASS} updateAdCreative refuses every script URL too, and the stored click URL is unchanged`, async () => {
    const em = h.orm.em.fork();
    const creative = await createCreative(em, await createCampaign(em, [await createSlot(em)]));
    for (const url of SCRIPT_URLS) {
      const result = await asEditor(UPDATE_CREATIVE, { id: creative.id, input: { clickUrl: url } });
      expectBadInput(result, 'clickUrl');
      expect((await storedCreative(creative.id)).click_url).toBe(creative.clickUrl);
    }
  });

  test.each(XSS_PAYLOADS.map((payload) => [payload]))(`${CLASS} alt text holding %s is plain text: stored and served exactly as written`, async (payload) => {
    const { slotKey, input } = await creativeBase();
    const alt = `Khuyến mãi ${payload}`;
    const created = dataOf(await asEditor(CREATE_CREATIVE, { input: { ...input, alt } })) as { createAdCreative: { id: string; alt: string } };
    expect(created.createAdCreative.alt).toBe(alt);
    expect((await storedCreative(created.createAdCreative.id)).alt).toBe(alt);
    const served = dataOf(await h.gql<ServingData>(SERVE_SLOT, { key: slotKey }, { headers: { 'user-agent': browser('xss-reader') } })).adSlot;
    expect(served?.ads.map((ad) => ad.creative.alt)).toEqual([alt]);
  });
});
