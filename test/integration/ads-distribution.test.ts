import { Redis } from 'ioredis';
import { AdServer } from '../../src/modules/ad';
import { AdEditingService } from '../../src/modules/ad/ad-editing.service';
import { AdCampaignStatus, AdPriority, CapPeriod } from '../../src/modules/ad/ad.enums';
import { MAX_EVENT_BATCH } from '../../src/modules/metering';
import { createLogger } from '../../src/shared/logger';
import { createCampaign, createCreative, createSlot } from '../helpers/ads';
import { Role, signIn } from '../helpers/accounts';
import { createArticle, createCategory, uniqueToken } from '../helpers/factories';
import { eventually } from '../helpers/webhooks';
import { startHarness, type Harness } from '../helpers/harness';
import { browser } from '../helpers/views-api';

/**
 * The serving rule over many servings, through the ad server itself (no HTTP, for speed): weighted
 * rotation within a priority class, OVERRIDE above all, paused and ended campaigns never, the
 * frequency cap per visitor, and no SQL per serving.
 */

const SERVINGS = 10_000;
let h: Harness;
const servers: AdServer[] = [];
const redisClients: Redis[] = [];
beforeAll(async () => {
  // Servings through HTTP are written only when the app closes: a statement count sees the serving alone.
  h = await startHarness({ AD_SERVED_BATCH_MS: '60000' });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const redis of redisClients) redis.disconnect();
  await h?.close();
});

function adServer(redis?: Redis, namespace = uniqueToken()): AdServer {
  const server = new AdServer({
    knex: h.orm.em.getKnex(),
    log: createLogger({ logLevel: 'silent', logPretty: false }),
    redis,
    appSecret: h.config.appSecret,
    timezone: h.config.timezone,
    publicUrl: h.url,
    tokenTtlSeconds: 3600,
    eventBatchMs: 0,
    // Long enough that no served batch is written while a test counts statements.
    servedBatchMs: 60_000,
    namespace,
  });
  servers.push(server);
  return server;
}

const page = { categorySlug: null, categoryId: async () => null };
const reader = (tag: string) => ({ address: '203.0.113.7', userAgent: browser(tag) });

/** Creative id → servings, over `count` servings of one reader each (a new reader every time). */
async function tally(server: AdServer, slotKey: string, count = SERVINGS): Promise<Map<string, number>> {
  const slot = await server.slot(slotKey);
  if (!slot) throw new Error(`no slot ${slotKey}`);
  const counts = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    for (const serving of await server.serve(slot, page, 1, reader(`r${i}`))) counts.set(serving.creative.id, (counts.get(serving.creative.id) ?? 0) + 1);
  }
  return counts;
}

describe('over 10,000 servings', () => {
  it('shows two REMNANT creatives weighted 3 and 1 within ±3 points of 75% / 25%, with no SQL for eligibility', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const campaign = await createCampaign(em, [slot]);
    const heavy = await createCreative(em, campaign, { weight: 3 });
    const light = await createCreative(em, campaign, { weight: 1 });
    const server = adServer();
    await server.slot(slot.key); // loads the eligible set
    const statementsBefore = h.queryCount();
    const counts = await tally(server, slot.key);
    // Eligibility costs nothing; the served counter, one statement per full batch at most.
    expect(h.queryCount() - statementsBefore).toBeLessThanOrEqual(SERVINGS / MAX_EVENT_BATCH);
    expect((counts.get(heavy.id) ?? 0) + (counts.get(light.id) ?? 0)).toBe(SERVINGS);
    expect(Math.abs(((counts.get(heavy.id) ?? 0) / SERVINGS) * 100 - 75)).toBeLessThanOrEqual(3);
    expect(Math.abs(((counts.get(light.id) ?? 0) / SERVINGS) * 100 - 25)).toBeLessThanOrEqual(3);

    // The served counter is written in the background, in batches: all 10,000 land on close.
    await server.metering.close();
    const served = await h.orm.em.getKnex()('ad_stats_hourly').sum({ n: 'served' }).where('slot_id', slot.id).first();
    expect(Number(served?.n)).toBe(SERVINGS);
  });

  it('gives every serving to an OVERRIDE campaign once it is active, and none before', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.REMNANT, weight: 1000 }));
    await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.CONTRACT, weight: 1000 }));
    const override = await createCampaign(em, [slot], { priority: AdPriority.OVERRIDE, status: AdCampaignStatus.DRAFT });
    const overrideCreative = await createCreative(em, override);
    const server = adServer();
    expect((await tally(server, slot.key, 1_000)).get(overrideCreative.id)).toBeUndefined();

    await new AdEditingService(h.orm.em.fork(), server.eligibility).updateCampaign(override.id, { status: AdCampaignStatus.ACTIVE });
    const counts = await tally(server, slot.key);
    expect([...counts]).toEqual([[overrideCreative.id, SERVINGS]]);
  });

  it('gives nothing to a paused or an ended campaign, even of a higher class', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const remnant = await createCreative(em, await createCampaign(em, [slot]));
    await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.OVERRIDE, status: AdCampaignStatus.PAUSED }));
    await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.OVERRIDE, status: AdCampaignStatus.ENDED }));
    await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.OVERRIDE, endsAt: new Date(Date.now() - 1000) }));
    const counts = await tally(adServer(), slot.key);
    expect([...counts]).toEqual([[remnant.id, SERVINGS]]);
  });

  it('never repeats a creative within one serving of several ads', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const campaign = await createCampaign(em, [slot]);
    const creatives = [await createCreative(em, campaign, { weight: 50 }), await createCreative(em, campaign), await createCreative(em, campaign)];
    const server = adServer();
    const servable = await server.slot(slot.key);
    for (let i = 0; i < 500; i++) {
      const ids = (await server.serve(servable!, page, 3, reader(`multi${i}`))).map((serving) => serving.creative.id);
      expect(new Set(ids).size).toBe(3);
    }
    expect(creatives).toHaveLength(3);
  });
});

describe('over HTTP', () => {
  it('adds no SQL statement to a page for its ad slot once the eligible set is loaded', async () => {
    const query = '{ adSlot(key: "sidebar-1") { ads { clickUrl impressionToken creative { alt image { url } } } } }';
    const send = () => h.gql<{ adSlot: { ads: unknown[] } }>(query, {}, { headers: { 'user-agent': browser('http') } });
    expect((await send()).data?.adSlot.ads).toHaveLength(1);
    const before = h.queryCount();
    for (let i = 0; i < 20; i++) expect((await send()).data?.adSlot.ads).toHaveLength(1);
    expect(h.queryCount() - before).toBe(0);
  });

  it('an article page by slug with its category-targeted ads in one document reads the article once', async () => {
    const em = h.orm.em.fork();
    const category = await createCategory(em);
    const slot = await createSlot(em);
    const targeted = await createCreative(em, await createCampaign(em, [slot], { targets: [category] }));
    const [alone, withAds] = [await createArticle(em, { category }), await createArticle(em, { category })];
    const editor = await signIn(h, { role: Role.EDITOR });
    // An ad change through the API reloads the eligible set; the slot is served once it is in.
    await h.gql('mutation($id: ID!) { updateAdSlot(id: $id, input: {}) { id } }', { id: slot.id }, { token: editor.token });
    const PAGE = `query($slug: String!, $key: String!, $withAds: Boolean!) {
      article(slug: $slug) { id }
      adSlot(key: $key, context: { articleSlug: $slug }) @include(if: $withAds) { ads(limit: 1) { creative { id } } }
    }`;
    const page = async (slug: string, withAds: boolean) => {
      const before = h.queryCount();
      const result = await h.gql<{ article: { id: string }; adSlot?: { ads: { creative: { id: string } }[] } }>(PAGE, { slug, key: slot.key, withAds }, { headers: { 'user-agent': browser(uniqueToken()) } });
      return { statements: h.queryCount() - before, data: result.data };
    };
    await eventually(async () => (await page(withAds.slug, true)).data?.adSlot?.ads.length === 1);
    const pageAlone = await page(alone.slug, false);
    const pageWithAds = await page(withAds.slug, true);
    expect(pageWithAds.data).toEqual({ article: { id: withAds.id }, adSlot: { ads: [{ creative: { id: targeted.id } }] } });
    expect(pageAlone.statements).toBe(1);
    expect(pageWithAds.statements).toBe(1);
  });
});

describe('an impression goal', () => {
  it('stops the campaign once its counted impressions reach the goal', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const goal = await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.CONTRACT, impressionGoal: 3 }));
    const fallback = await createCreative(em, await createCampaign(em, [slot]));
    const server = adServer();
    const servable = await server.slot(slot.key);
    for (let i = 0; i < 3; i++) {
      const [serving] = await server.serve(servable!, page, 1, reader(`goal${i}`));
      expect(serving.creative.id).toBe(goal.id);
      expect(await server.record([serving.impressionToken], 'impressions', reader(`goal${i}`))).toBe(1);
    }
    const after = await server.slot(slot.key);
    expect((await server.serve(after!, page, 1, reader('goal-next')))[0].creative.id).toBe(fallback.id);
  });
});

describe.each([
  ['in process', () => undefined],
  ['in Redis', () => (process.env.REDIS_URL ? redisClients[redisClients.push(new Redis(process.env.REDIS_URL)) - 1] : undefined)],
])('a frequency cap of 3 per DAY (%s)', (_name, redis) => {
  it("stops a visitor's fourth serving, and not another visitor's", async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const capped = await createCreative(em, await createCampaign(em, [slot], { priority: AdPriority.CONTRACT, cap: { max: 3, period: CapPeriod.DAY } }));
    const fallback = await createCreative(em, await createCampaign(em, [slot]));
    const server = adServer(redis());
    const servable = await server.slot(slot.key);
    const shown = async (who: string) => (await server.serve(servable!, page, 1, reader(who)))[0]?.creative.id;
    const visitor = `capped-${uniqueToken()}`;
    expect([await shown(visitor), await shown(visitor), await shown(visitor), await shown(visitor), await shown(visitor)]).toEqual([capped.id, capped.id, capped.id, fallback.id, fallback.id]);
    expect(await shown(`other-${uniqueToken()}`)).toBe(capped.id);
  });
});

(process.env.REDIS_URL ? describe : describe.skip)('two instances sharing Redis', () => {
  it('see a change made through the other one, without a reload of their own', async () => {
    const em = h.orm.em.fork();
    const slot = await createSlot(em);
    const campaign = await createCampaign(em, [slot], { status: AdCampaignStatus.PAUSED });
    const creative = await createCreative(em, campaign);
    const namespace = uniqueToken();
    const [publisher, subscriber] = [new Redis(process.env.REDIS_URL as string), new Redis(process.env.REDIS_URL as string)];
    redisClients.push(publisher, subscriber);
    const one = adServer(publisher, namespace);
    const other = adServer(subscriber, namespace);
    await Promise.all([one.start(), other.start()]);
    expect(await tally(other, slot.key, 10)).toEqual(new Map());

    await new AdEditingService(h.orm.em.fork(), one.eligibility).updateCampaign(campaign.id, { status: AdCampaignStatus.ACTIVE });
    const deadline = Date.now() + 5_000;
    let counts = new Map<string, number>();
    while (Date.now() < deadline && counts.size === 0) {
      counts = await tally(other, slot.key, 10);
      if (counts.size === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...counts]).toEqual([[creative.id, 10]]);
  });
});
