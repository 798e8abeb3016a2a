import { AdTokenCodec } from '../../src/modules/ad/ad-token';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { RECORD_AD_EVENTS, SERVE_SLOT, createCampaign, createCreative, createSlot, type ServingData } from '../helpers/ads';
import { codeOf, dataOf, errorCodes, expectBadInput } from '../helpers/expect-graphql';
import { startHarness, type Harness } from '../helpers/harness';
import { browser, client, request } from '../helpers/views-api';
import { AdCampaignStatus } from '../../src/modules/ad/ad.enums';

/**
 * The public side of ads on the seeded database: serving the bulletin's sidebar slot, counting
 * impressions and viewable impressions once per token, the click redirect, and what the public
 * never sees.
 */

let h: Harness;
let editor: SignedIn;
beforeAll(async () => {
  // Servings are written at once, so their counts can be read back.
  h = await startHarness({ AD_SERVED_BATCH_MS: '0' });
  editor = await signIn(h, { role: Role.EDITOR });
});
afterAll(async () => {
  client.destroy();
  await h?.close();
});

const reader = (tag: string) => ({ headers: { 'user-agent': browser(tag) } });
const serve = async (key: string, tag = 'reader') => dataOf(await h.gql<ServingData>(SERVE_SLOT, { key }, reader(tag))).adSlot;
const knex = () => h.orm.em.getKnex();
/** The harness's config says PORT 0: URLs the API builds are fetched from the running server. */
const onServer = (url: string) => `${h.url}${new URL(url).pathname}`;

const CREATIVE_STATS = `query($id: ID!, $from: Date!, $to: Date!) {
  adCampaign(id: $id) { creatives { id stats(from: $from, to: $to) { day served impressions viewable clicks ctr viewability } } }
}`;

async function creativeStats(campaignId: string) {
  const today = (await knex().raw('select (now() at time zone ?)::date::text as day', [h.config.timezone])).rows[0].day as string;
  const data = dataOf(await h.gql<{ adCampaign: { creatives: { id: string; stats: Record<string, unknown>[] }[] } }>(CREATIVE_STATS, { id: campaignId, from: today, to: today }, { token: editor.token }));
  return data.adCampaign.creatives[0].stats[0];
}

describe('the seeded sidebar', () => {
  it('serves the seeded house ad of sidebar-1, whose image URL serves its bytes', async () => {
    const slot = await serve('sidebar-1');
    expect(slot?.ads).toHaveLength(1);
    const [ad] = slot?.ads ?? [];
    expect(ad.creative).toMatchObject({ alt: 'Quảng cáo 1', width: 300, height: 250 });
    expect(new URL(ad.clickUrl).pathname).toMatch(/^\/ads\/click\/[A-Za-z0-9_-]{92}$/);
    const image = await fetch(onServer(ad.creative.image.url));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('serves each of the three sidebar slots its own seeded image', async () => {
    const alts = await Promise.all(['sidebar-1', 'sidebar-2', 'sidebar-3'].map(async (key) => (await serve(key))?.ads[0]?.creative.alt));
    expect(alts).toEqual(['Quảng cáo 1', 'Quảng cáo 2', 'Quảng cáo 3']);
  });

  it('counts an impression and a viewable impression once per token, a click on the redirect, and shows them in AdCreative.stats', async () => {
    const [ad] = (await serve('sidebar-2', 'stats'))?.ads ?? [];
    const campaignId = (await knex()('ad_creative').first('campaign_id').where('id', ad.creative.id)).campaign_id as string;
    const before = await creativeStats(campaignId);
    const record = async (kind: string) => dataOf(await h.gql<{ recordAdEvents: number }>(RECORD_AD_EVENTS, { tokens: [ad.impressionToken], kind }, reader('stats'))).recordAdEvents;
    expect(await record('IMPRESSION')).toBe(1);
    expect(await record('IMPRESSION')).toBe(0);
    expect(await record('VIEWABLE')).toBe(1);
    expect(await record('VIEWABLE')).toBe(0);

    const click = await request(onServer(ad.clickUrl), 'GET', { 'user-agent': browser('stats') });
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe((await knex()('ad_creative').first('click_url').where('id', ad.creative.id)).click_url);
    expect(click.headers['cache-control']).toBe('no-store');
    // A second click on the same serving redirects again but counts once.
    expect((await request(onServer(ad.clickUrl), 'GET', { 'user-agent': browser('stats') })).status).toBe(302);

    const after = await creativeStats(campaignId);
    expect({ impressions: Number(after.impressions) - Number(before.impressions), viewable: Number(after.viewable) - Number(before.viewable), clicks: Number(after.clicks) - Number(before.clicks) }).toEqual({
      impressions: 1,
      viewable: 1,
      clicks: 1,
    });
    expect(after.served).toBeGreaterThanOrEqual(1);
    expect(after.ctr).toBeCloseTo(Number(after.clicks) / Number(after.impressions));
  });

  it('answers 404 for an edited, forged or expired click token, and redirects nowhere', async () => {
    const [ad] = (await serve('sidebar-1'))?.ads ?? [];
    const token = ad.clickUrl.split('/').pop() as string;
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const expired = new AdTokenCodec(h.config.appSecret, h.config.adTokenTtlSeconds, () => Date.now() - (h.config.adTokenTtlSeconds + 120) * 1000).issue(ad.creative.id, (await knex()('ad_slot').first('id').where('key', 'sidebar-1')).id).token;
    for (const bad of [flipped, `${token}x`, token.slice(0, -1), 'https%3A%2F%2Fevil.example', expired]) {
      const answer = await request(`${h.url}/ads/click/${bad}`, 'GET', { 'user-agent': browser('forger') });
      expect({ bad, status: answer.status, location: answer.headers.location }).toEqual({ bad, status: 404, location: undefined });
    }
    expect(dataOf(await h.gql<{ recordAdEvents: number }>(RECORD_AD_EVENTS, { tokens: [flipped, expired], kind: 'IMPRESSION' }, reader('forger'))).recordAdEvents).toBe(0);
  });

  it('counts nothing for a bot, and refuses more than 50 tokens naming the argument', async () => {
    const [ad] = (await serve('sidebar-3'))?.ads ?? [];
    const bot = await h.gql<{ recordAdEvents: number }>(RECORD_AD_EVENTS, { tokens: [ad.impressionToken], kind: 'IMPRESSION' }, { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
    expect(dataOf(bot).recordAdEvents).toBe(0);
    // The bot's attempt did not use up the token: a reader's impression still counts.
    expect(dataOf(await h.gql<{ recordAdEvents: number }>(RECORD_AD_EVENTS, { tokens: [ad.impressionToken], kind: 'IMPRESSION' }, reader('human'))).recordAdEvents).toBe(1);
    expectBadInput(await h.gql(RECORD_AD_EVENTS, { tokens: Array.from({ length: 51 }, () => ad.impressionToken), kind: 'IMPRESSION' }, reader('many')), 'tokens');
  });

  it('counts impressions through the beacon endpoints too (JSON for POST, the pixel for GET .gif)', async () => {
    const ads = (await h.gql<ServingData>(SERVE_SLOT, { key: 'sidebar-1', limit: 1 }, reader('beacon'))).data?.adSlot?.ads ?? [];
    const token = ads[0].impressionToken;
    const first = await request(`${h.url}/ads/impression/${token}`, 'POST', { 'user-agent': browser('beacon') });
    expect([first.status, first.body]).toEqual([200, '{"counted":true}']);
    expect((await request(`${h.url}/ads/impression/${token}`, 'POST', { 'user-agent': browser('beacon') })).body).toBe('{"counted":false}');
    const pixel = await request(`${h.url}/ads/viewable/${token}.gif`, 'GET', { 'user-agent': browser('beacon') });
    expect([pixel.status, pixel.headers['content-type']]).toEqual([200, 'image/gif']);
    expect(dataOf(await h.gql<{ recordAdEvents: number }>(RECORD_AD_EVENTS, { tokens: [token], kind: 'VIEWABLE' }, reader('beacon'))).recordAdEvents).toBe(0);
  });
});

describe('what the public never sees', () => {
  it('refuses advertiser, weights, caps and the stored URL to anonymous readers (field-level), and gives them to editors', async () => {
    const query = '{ adSlot(key: "sidebar-1") { ads { creative { clickUrl weight active campaign { advertiser } } } } }';
    const anonymous = await h.gql(query, {}, reader('nosy'));
    expect(new Set(errorCodes(anonymous))).toEqual(new Set(['UNAUTHENTICATED']));
    const staff = await h.gql<{ adSlot: { ads: { creative: { clickUrl: string; weight: number; campaign: { advertiser: string } } }[] } }>(query, {}, { token: editor.token, headers: reader('editor').headers });
    expect(dataOf(staff).adSlot.ads[0].creative).toMatchObject({ weight: 1, campaign: { advertiser: 'Bulletin (house ads)' } });
    const author = await signIn(h, { role: Role.AUTHOR });
    expect(codeOf(await h.gql('{ adCampaigns { nodes { id } } }', {}, { token: author.token }))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql('{ adCampaigns { nodes { id } } }'))).toBe('UNAUTHENTICATED');
  });

  it('shows an ad image to the public through media(id) while a live creative uses it, and refuses to delete it', async () => {
    const imageId = (await knex()('ad_creative').first('image_id').where('alt', 'Quảng cáo 3')).image_id as string;
    const media = await h.gql<{ media: { id: string } | null }>('query($id: ID!) { media(id: $id) { id } }', { id: imageId });
    expect(dataOf(media).media).toEqual({ id: imageId });
    const refused = await h.gql('mutation($id: ID!) { deleteMedia(id: $id) }', { id: imageId }, { token: editor.token });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('an ad of Bulletin (house ads)');
    expect(await knex()('media').where('id', imageId)).toHaveLength(1);
  });

  it('serves nothing of a paused, draft or ended campaign, and hides an inactive slot (null)', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    for (const status of [AdCampaignStatus.PAUSED, AdCampaignStatus.DRAFT, AdCampaignStatus.ENDED]) await createCreative(em, await createCampaign(em, [slot], { status }));
    await createCreative(em, await createCampaign(em, [slot], { endsAt: new Date(Date.now() - 60_000) }));
    await createCreative(em, await createCampaign(em, [slot], { startsAt: new Date(Date.now() + 3_600_000) }));
    await h.gql('mutation($id: ID!) { updateAdSlot(id: $id, input: { name: "Test slot" }) { id } }', { id: slot.id }, { token: editor.token });
    expect(await serve(slot.key)).toEqual({ key: slot.key, ads: [] });
    await h.gql('mutation($id: ID!) { updateAdSlot(id: $id, input: { active: false }) { id } }', { id: slot.id }, { token: editor.token });
    expect(await serve(slot.key)).toBeNull();
    expect(await serve('no-such-slot')).toBeNull();
  });
});

describe('the response cache', () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startHarness({ RESPONSE_CACHE_TTL_MS: '5000' });
  });
  afterAll(() => cached?.close());

  it('never shares an answer holding AdSlot.ads between anonymous readers, while other queries are cached', async () => {
    const body = { query: SERVE_SLOT, variables: { key: 'sidebar-1' } };
    const send = () => fetch(`${cached.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': browser('cache') }, body: JSON.stringify(body) });
    const [first, second] = [await send(), await send()];
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual([null, null]);
    const tokens = [((await first.json()) as { data: ServingData }).data.adSlot?.ads[0].impressionToken, ((await second.json()) as { data: ServingData }).data.adSlot?.ads[0].impressionToken];
    expect(tokens[0]).not.toEqual(tokens[1]);

    const plain = () => fetch(`${cached.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ adSlot(key: "sidebar-1") { key name } }' }) });
    expect([(await plain()).headers.get('x-cache'), (await plain()).headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
  });
});
