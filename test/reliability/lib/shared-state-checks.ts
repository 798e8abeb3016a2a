import { randomUUID } from 'node:crypto';
import { startReceiver } from '../../helpers/webhooks';
import type { BulletinProcess } from './bulletin-process';
import { adSlotWithOneCreative } from './ads';
import { withClient } from './ledger';
import { draftArticle, publishArticle } from './newsroom';
import { codeOf, gql, msUntil, type Check } from './system';
import { newVisitorAgent } from './traffic';

/**
 * The multi-instance checks of state that lives outside one process: API key quotas and
 * revocations, ad frequency caps and the ad eligibility cache (Redis), webhook deliveries (the
 * outbox in PostgreSQL, claimed by both instances' workers).
 */

const PARTNER_READ = '{ articles(first: 1) { nodes { id } } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function issueKey(url: string, token: string, rateLimitPerMinute: number): Promise<{ id: string; key: string }> {
  const answer = await gql(url, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }', { i: { name: `Multi-instance ${randomUUID().slice(0, 8)}`, rateLimitPerMinute } }, bearer(token));
  const created = answer.data?.createApiKey as { key: string; apiKey: { id: string } };
  return { id: created.apiKey.id, key: created.key };
}

const readWithKey = (target: BulletinProcess, key: string) => gql(target.url, PARTNER_READ, {}, { 'x-api-key': key });

export const SHARED_STATE_CHECKS: Record<string, Check> = {
  /** A key allowed 6 requests a minute, used on A and B in turn: 6 answered in all, then 429 RATE_LIMITED on both. */
  async apiKeyQuotaShared({ a, b, adminToken }) {
    const limit = 6;
    const { key } = await issueKey(a.url, adminToken, limit);
    const answers: { on: 'A' | 'B'; status: number; code: string }[] = [];
    for (let i = 0; i < limit + 4; i += 1) {
      const [on, target] = i % 2 === 0 ? (['A', a] as const) : (['B', b] as const);
      const answer = await readWithKey(target, key);
      answers.push({ on, status: answer.status, code: codeOf(answer) });
    }
    const answered = answers.filter((x) => x.code === 'OK');
    const refused = answers.slice(limit);
    return {
      ok: answered.length === limit && answers.slice(0, limit).every((x) => x.code === 'OK') && refused.every((x) => x.status === 429 && x.code === 'RATE_LIMITED') && new Set(refused.map((x) => x.on)).size === 2,
      figures: { limitPerMinute: limit, requests: answers.length, answered: answered.length, answeredOnA: answered.filter((x) => x.on === 'A').length, answeredOnB: answered.filter((x) => x.on === 'B').length, refused: refused.map((x) => `${x.on} ${x.status} ${x.code}`) },
    };
  },

  /** A key answered by both instances, revoked through A: its next request is 401 UNAUTHENTICATED on A and on B. */
  async revokedApiKeyRefusedByBoth({ a, b, adminToken: admin }) {
    const { id, key } = await issueKey(a.url, admin, 1000);
    const before = { onA: codeOf(await readWithKey(a, key)), onB: codeOf(await readWithKey(b, key)) };
    const revoked = codeOf(await gql(a.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id }, bearer(admin)));
    const [afterA, afterB] = [await readWithKey(a, key), await readWithKey(b, key)];
    const after = { onA: `${afterA.status} ${codeOf(afterA)}`, onB: `${afterB.status} ${codeOf(afterB)}` };
    return { ok: before.onA === 'OK' && before.onB === 'OK' && revoked === 'OK' && after.onA === '401 UNAUTHENTICATED' && after.onB === '401 UNAUTHENTICATED', figures: { before, revoke: revoked, after } };
  },

  /** A campaign capped at 2 servings a day per visitor, served to one visitor on A and B in turn: 2 servings in all. */
  async adFrequencyCapShared({ a, b, newsroom }) {
    const slot = await adSlotWithOneCreative(a.url, newsroom.editorToken, { maxImpressions: 2, per: 'DAY' });
    const visitor = { 'user-agent': newVisitorAgent() };
    const served: string[] = [];
    for (const [on, target] of [['A', a], ['B', b], ['A', a], ['B', b], ['A', a], ['B', b]] as const) served.push(`${on}:${(await serveSlot(target, slot.key, visitor)).length}`);
    const total = served.reduce((sum, entry) => sum + Number(entry.split(':')[1]), 0);
    // Another visitor is not affected by the first one's cap.
    const otherVisitor = (await serveSlot(b, slot.key, { 'user-agent': newVisitorAgent() })).length;
    return { ok: served.join(' ') === 'A:1 B:1 A:0 B:0 A:0 B:0' && total === 2 && otherVisitor === 1, figures: { cap: '2 per DAY', servingsInTurn: served.join(' '), servedInAll: total, otherVisitorServed: otherVisitor } };
  },

  /** B has the slot's creative in its cache; the alt text is changed through A, then the campaign paused through A: B serves each change, timed. */
  async adEligibilityCacheInvalidatedOnBoth({ a, b, newsroom }) {
    const slot = await adSlotWithOneCreative(a.url, newsroom.editorToken, null);
    const visitor = { 'user-agent': newVisitorAgent() };
    const altOnB = async () => (await serveSlot(b, slot.key, visitor))[0]?.creative.alt;
    const cachedOnB = await altOnB();
    const newAlt = `Đổi qua A ${randomUUID().slice(0, 8)}`;
    const edit = codeOf(await gql(a.url, 'mutation($id: ID!, $i: UpdateAdCreativeInput!) { updateAdCreative(id: $id, input: $i) { id } }', { id: slot.creativeId, i: { alt: newAlt } }, bearer(newsroom.editorToken)));
    const editSeenOnBAfterMs = await msUntil(async () => (await altOnB()) === newAlt, 10_000);
    const pause = codeOf(await gql(a.url, 'mutation($id: ID!, $i: UpdateAdCampaignInput!) { updateAdCampaign(id: $id, input: $i) { id } }', { id: slot.campaignId, i: { status: 'PAUSED' } }, bearer(newsroom.editorToken)));
    const pauseSeenOnBAfterMs = await msUntil(async () => (await serveSlot(b, slot.key, visitor)).length === 0, 10_000);
    return {
      ok: cachedOnB === slot.alt && edit === 'OK' && pause === 'OK' && editSeenOnBAfterMs !== null && pauseSeenOnBAfterMs !== null,
      figures: { cachedAltOnB: cachedOnB ?? null, editThroughA: edit, editSeenOnBAfterMs, pauseThroughA: pause, pauseSeenOnBAfterMs },
    };
  },

  /** Both workers poll the outbox; 20 articles published through A and B in turn each reach a loopback receiver exactly once. */
  async webhookDeliveredOnce({ a, b, newsroom, databaseUrl, adminToken: admin }) {
    const receiver = await startReceiver();
    try {
      const created = await gql(a.url, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', { i: { url: receiver.url, events: ['ARTICLE_PUBLISHED'] } }, bearer(admin));
      const webhookId = (created.data?.createWebhook as { webhook: { id: string } } | undefined)?.webhook.id;
      if (!webhookId) return { ok: false, figures: { createWebhook: created.errors } };
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const target = i % 2 === 0 ? a : b;
        const id = await draftArticle(target.url, newsroom.editorToken, newsroom.categoryId, `Multi-instance webhook ${i}`);
        await publishArticle(target.url, newsroom.editorToken, id);
        ids.push(id);
      }
      const publishedIds = () => receiver.received.filter((d) => d.json.type === 'article.published').map((d) => String(d.json.data.articleId));
      const allArrivedAfterMs = await msUntil(async () => ids.every((id) => publishedIds().includes(id)), 30_000);
      // Long enough for a second claim of any delivery to have been sent (both poll every WEBHOOK_POLL_INTERVAL_MS).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const arrivals = publishedIds().filter((id) => ids.includes(id));
      const statuses = await withClient(databaseUrl, async (c) => (await c.query<{ status: string; n: number }>('select status, count(*)::int as n from webhook_delivery where webhook_id = $1 group by status', [webhookId])).rows);
      const eventIds = receiver.received.map((d) => d.json.id);
      return {
        ok: allArrivedAfterMs !== null && arrivals.length === ids.length && new Set(eventIds).size === eventIds.length && statuses.length === 1 && statuses[0].status === 'DELIVERED' && statuses[0].n === ids.length,
        figures: { published: ids.length, requestsReceived: receiver.received.length, distinctArticles: new Set(arrivals).size, duplicateEventIds: eventIds.length - new Set(eventIds).size, allArrivedAfterMs, deliveryRows: Object.fromEntries(statuses.map((s) => [s.status, s.n])) },
      };
    } finally {
      await receiver.close();
    }
  },
};

async function serveSlot(target: BulletinProcess, key: string, headers: Record<string, string>): Promise<{ creative: { alt: string } }[]> {
  const answer = await gql(target.url, 'query($key: String!) { adSlot(key: $key) { ads(limit: 1) { creative { alt } } } }', { key }, headers);
  return (answer.data?.adSlot as { ads: { creative: { alt: string } }[] } | null)?.ads ?? [];
}
