import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { SERVE_SLOT, createCampaign, createCreative, createSlot, type ServingData } from '../helpers/ads';
import { codeOf, dataOf, expectBadInput } from '../helpers/expect-graphql';
import { createArticle, createCategory, createMedia, uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { browser } from '../helpers/views-api';

/** Editors' ad inputs are checked field by field, lists page, and targeting follows the page's category. */

let h: Harness;
let editor: SignedIn;
beforeAll(async () => {
  h = await startHarness();
  editor = await signIn(h, { role: Role.EDITOR });
});
afterAll(() => h?.close());

const asEditor = (query: string, variables: Record<string, unknown>) => h.gql(query, variables, { token: editor.token, headers: { 'user-agent': browser('editor') } });
const CREATE_SLOT = 'mutation($input: CreateAdSlotInput!) { createAdSlot(input: $input) { id key sizes { width height } } }';
const CREATE_CAMPAIGN = 'mutation($input: CreateAdCampaignInput!) { createAdCampaign(input: $input) { id advertiser startsAt endsAt frequencyCap { maxImpressions per } targetCategories { slug } slots { key } } }';
const CREATE_CREATIVE = 'mutation($input: CreateAdCreativeInput!) { createAdCreative(input: $input) { id alt clickUrl } }';

describe('inputs', () => {
  it('refuses bad slot input by field, and a taken key as CONFLICT', async () => {
    const key = `top-${uniqueToken().toLowerCase()}`;
    expectBadInput(await asEditor(CREATE_SLOT, { input: { key: 'Bad Key', name: 'x', sizes: [{ width: 1, height: 1 }] } }), 'key');
    expectBadInput(await asEditor(CREATE_SLOT, { input: { key, name: 'x', sizes: [{ width: 0, height: 250 }] } }), 'sizes[0].width');
    expectBadInput(await asEditor(CREATE_SLOT, { input: { key, name: 'x', sizes: [] } }), 'sizes');
    expectBadInput(await asEditor(CREATE_SLOT, { input: { key, name: '   ', sizes: [{ width: 300, height: 250 }] } }), 'name');
    expect(dataOf(await asEditor(CREATE_SLOT, { input: { key, name: 'Đầu trang', sizes: [{ width: 728, height: 90 }] } }))).toMatchObject({ createAdSlot: { key, sizes: [{ width: 728, height: 90 }] } });
    expect(codeOf(await asEditor(CREATE_SLOT, { input: { key, name: 'Again', sizes: [{ width: 728, height: 90 }] } }))).toBe('CONFLICT');
  });

  it('refuses bad campaign input by field: dates out of order, weights below 1, unknown slots, a zero cap', async () => {
    const slot = await createSlot(h.orm.em.fork());
    const base = { advertiser: 'Nhà sách Tiền Phong', priority: 'CONTRACT', slotIds: [slot.id] };
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, startsAt: '2026-12-10T00:00:00+07:00', endsAt: '2026-12-01T00:00:00+07:00' } }), 'endsAt');
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, weight: 0 } }), 'weight');
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, slotIds: ['00000000-0000-4000-8000-000000000000'] } }), 'slotIds');
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, slotIds: ['not-an-id'] } }), 'slotIds');
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, frequencyCap: { maxImpressions: 0, per: 'DAY' } } }), 'frequencyCap.maxImpressions');
    expectBadInput(await asEditor(CREATE_CAMPAIGN, { input: { ...base, advertiser: 'x'.repeat(201) } }), 'advertiser');
    const created = dataOf(await asEditor(CREATE_CAMPAIGN, { input: { ...base, advertiser: 'Nha\u0300 sa\u0301ch', frequencyCap: { maxImpressions: 3, per: 'WEEK' } } })) as { createAdCampaign: Record<string, unknown> };
    // Stored as NFC, as every text.
    expect(created.createAdCampaign).toMatchObject({ advertiser: 'Nhà sách', frequencyCap: { maxImpressions: 3, per: 'WEEK' }, slots: [{ key: slot.key }] });
  });

  it('refuses a creative without alt text, with a non-http URL or a weight below 1', async () => {
    const em = h.orm.em.fork();
    const campaign = await createCampaign(em, [await createSlot(em)]);
    const image = await createMedia(em, { width: 300, height: 250 });
    const base = { campaignId: campaign.id, imageId: image.id, alt: 'Khai trương', clickUrl: 'https://shop.example/khai-truong' };
    expectBadInput(await asEditor(CREATE_CREATIVE, { input: { ...base, alt: ' ' } }), 'alt');
    for (const url of ['javascript:alert(1)', 'ftp://shop.example/', '/relative', 'data:text/html,hi']) expectBadInput(await asEditor(CREATE_CREATIVE, { input: { ...base, clickUrl: url } }), 'clickUrl');
    expectBadInput(await asEditor(CREATE_CREATIVE, { input: { ...base, weight: 0 } }), 'weight');
    expectBadInput(await asEditor(CREATE_CREATIVE, { input: { ...base, campaignId: '00000000-0000-4000-8000-000000000000' } }), 'campaignId');
    expect((await asEditor(CREATE_CREATIVE, { input: { ...base, alt: 'a\u0000b' } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variableName: 'input' });
    expect(dataOf(await asEditor(CREATE_CREATIVE, { input: base }))).toMatchObject({ createAdCreative: { alt: 'Khai trương', clickUrl: 'https://shop.example/khai-truong' } });
  });

  it('refuses stats over more than 366 days or reversed, and gives zeros for quiet days', async () => {
    const em = h.orm.em.fork();
    const campaign = await createCampaign(em, [await createSlot(em)]);
    const stats = (from: string, to: string) => asEditor('query($id: ID!, $from: Date!, $to: Date!) { adCampaign(id: $id) { stats(from: $from, to: $to) { day served ctr } } }', { id: campaign.id, from, to });
    expectBadInput(await stats('2025-01-01', '2026-12-31'), 'to');
    expectBadInput(await stats('2026-02-02', '2026-02-01'), 'from');
    expect(dataOf(await stats('2026-02-27', '2026-03-01'))).toEqual({
      adCampaign: { stats: ['2026-02-27', '2026-02-28', '2026-03-01'].map((day) => ({ day, served: 0, ctr: null })) },
    });
  });
});

describe('lists', () => {
  it('pages adSlots by key and adCampaigns newest first, without deleted campaigns', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const kept = await createCampaign(em, [slot]);
    const deleted = await createCampaign(em, [slot]);
    await asEditor('mutation($id: ID!) { deleteAdCampaign(id: $id) }', { id: deleted.id });
    const campaigns = dataOf(await asEditor('{ adCampaigns(first: 100) { nodes { id } } }', {})) as { adCampaigns: { nodes: { id: string }[] } };
    const ids = campaigns.adCampaigns.nodes.map((node) => node.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(deleted.id);
    const first = dataOf(await asEditor('{ adSlots(first: 2) { nodes { key } pageInfo { hasNextPage endCursor } } }', {})) as { adSlots: { nodes: { key: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    expect(first.adSlots.nodes.map((node) => node.key)).toEqual(['sidebar-1', 'sidebar-2']);
    const next = dataOf(await asEditor('query($after: String) { adSlots(first: 1, after: $after) { nodes { key } } }', { after: first.adSlots.pageInfo.endCursor })) as { adSlots: { nodes: { key: string }[] } };
    expect(next.adSlots.nodes).toEqual([{ key: 'sidebar-3' }]);
  });
});

describe('targeting', () => {
  it('serves a campaign targeting a category on its pages and its subcategories’ pages (by slug or article), and nowhere else', async () => {
    const em = h.orm.em.fork();
    const parent = await createCategory(em);
    const child = await createCategory(em, { parent });
    const elsewhere = await createCategory(em);
    const slot = await createSlot(em);
    const targeted = await createCreative(em, await createCampaign(em, [slot], { targets: [parent] }));
    const article = await createArticle(em, { category: child });
    const otherArticle = await createArticle(em, { category: elsewhere });
    await asEditor('mutation($id: ID!) { updateAdSlot(id: $id, input: {}) { id } }', { id: slot.id });
    const shown = async (context: Record<string, unknown> | null) =>
      (dataOf(await h.gql<ServingData>(SERVE_SLOT, { key: slot.key, context }, { headers: { 'user-agent': browser('target') } })).adSlot?.ads ?? []).map((ad) => ad.creative.id);
    expect(await shown({ categorySlug: parent.slug })).toEqual([targeted.id]);
    expect(await shown({ categorySlug: child.slug.toUpperCase() })).toEqual([targeted.id]);
    expect(await shown({ articleId: article.id })).toEqual([targeted.id]);
    expect(await shown({ categorySlug: elsewhere.slug })).toEqual([]);
    expect(await shown({ articleId: otherArticle.id })).toEqual([]);
    expect(await shown({ articleSlug: article.slug })).toEqual([targeted.id]);
    expect(await shown({ articleSlug: article.slug.normalize('NFD').toUpperCase() })).toEqual([targeted.id]);
    expect(await shown({ articleSlug: otherArticle.slug })).toEqual([]);
    expect(await shown({ articleSlug: 'no-such-article' })).toEqual([]);
    expect(await shown(null)).toEqual([]);
    expectBadInput(await h.gql(SERVE_SLOT, { key: slot.key, context: { articleId: article.id, articleSlug: article.slug } }), 'articleSlug');
    expectBadInput(await h.gql(SERVE_SLOT, { key: slot.key, context: { articleId: 'not-a-uuid' } }), 'articleId');
  });

});
