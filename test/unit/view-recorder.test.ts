import pino from 'pino';
import { MemoryDedupe, type Dedupe } from '../../src/modules/metering';
import { ViewRecorder } from '../../src/modules/view/view-recorder';

/** The view pipeline with a fake store: filters, dedupe, and what happens when the write fails. */

const ARTICLE = '6f1c2a9e-3b7d-4e21-9c55-0a1b2c3d4e5f';
const OTHER = '0e2d4c6b-8a9f-4b1e-8d3c-5f7a9b1c3d5e';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const reader = (n = 0) => ({ address: '203.0.113.7', userAgent: `${BROWSER} r/${n}` });
const silent = pino({ level: 'silent' });

class SpyDedupe implements Dedupe {
  readonly inner = new MemoryDedupe(30 * 60_000);
  readonly keys: string[] = [];
  async claim(namespace: string, key: string) {
    this.keys.push(`${namespace}:${key}`);
    return this.inner.claim(namespace, key);
  }
  release(namespace: string, key: string) {
    return this.inner.release(namespace, key);
  }
}

function setup(options: { published?: string[]; failWrites?: () => boolean; now?: () => Date; secret?: string; dedupe?: Dedupe } = {}) {
  const dedupe = new SpyDedupe();
  const written: string[][] = [];
  const published = new Set(options.published ?? [ARTICLE, OTHER]);
  const recorder = new ViewRecorder({
    dedupe: options.dedupe ?? dedupe,
    count: async (ids) => {
      if (options.failWrites?.()) throw new Error('database down');
      written.push(ids);
      return new Set(ids.filter((id) => published.has(id)));
    },
    appSecret: options.secret ?? 'unit-secret-unit-secret-unit-secret-01',
    timezone: 'Asia/Ho_Chi_Minh',
    batchMs: 1,
    log: silent,
    now: options.now,
  });
  return { recorder, dedupe, written, published };
}

describe('ViewRecorder', () => {
  test('counts a reader once per article within the window', async () => {
    const { recorder } = setup();
    expect(await recorder.record(ARTICLE, reader())).toBe(true);
    expect(await recorder.record(ARTICLE, reader())).toBe(false);
    expect(await recorder.record(ARTICLE.toUpperCase(), reader())).toBe(false);
    expect(await recorder.record(OTHER, reader())).toBe(true);
    expect(await recorder.record(ARTICLE, reader(1))).toBe(true);
  });

  test('refuses malformed ids, bots and readers without a user agent before touching dedupe or the database', async () => {
    const { recorder, dedupe, written } = setup();
    for (const id of ['', 'not-a-uuid', `${ARTICLE}x`, "' or 1=1 --"]) expect(await recorder.record(id, reader())).toBe(false);
    for (const userAgent of ['', '   ', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.5.0', 'python-requests/2.32']) {
      expect(await recorder.record(ARTICLE, { address: '203.0.113.7', userAgent })).toBe(false);
    }
    expect(dedupe.keys).toEqual([]);
    expect(written).toEqual([]);
  });

  test('an article that is not public answers false and gives the key back (it may count once published)', async () => {
    const { recorder, published } = setup({ published: [] });
    expect(await recorder.record(ARTICLE, reader())).toBe(false);
    published.add(ARTICLE);
    expect(await recorder.record(ARTICLE, reader())).toBe(true);
  });

  test('a failed write answers false, never throws, and releases the key so the next view counts', async () => {
    let fail = true;
    const { recorder } = setup({ failWrites: () => fail });
    expect(await recorder.record(ARTICLE, reader())).toBe(false);
    fail = false;
    expect(await recorder.record(ARTICLE, reader())).toBe(true);
  });

  test('a dedupe store that fails counts nothing (rather than too much) and does not throw', async () => {
    const broken: Dedupe = { claim: () => Promise.reject(new Error('redis down')), release: async () => undefined };
    const { recorder, written } = setup({ dedupe: broken });
    expect(await recorder.record(ARTICLE, reader())).toBe(false);
    expect(written).toEqual([]);
  });

  test('stores no address: the key is an HMAC of address and user agent with a salt of the newsroom day', async () => {
    let now = new Date('2026-11-27T16:59:00Z'); // 23:59 in Ho Chi Minh City
    const { recorder, dedupe } = setup({ now: () => now });
    expect(await recorder.record(ARTICLE, reader())).toBe(true);
    const [key] = dedupe.keys;
    expect(key).not.toContain('203.0.113.7');
    expect(key).toMatch(new RegExp(`^article-view:${ARTICLE}:[A-Za-z0-9_-]{22}$`));
    const sameDay = recorder.visitor('203.0.113.7', reader().userAgent);
    now = new Date('2026-11-27T17:01:00Z'); // 00:01 the next newsroom day: a new salt
    expect(recorder.newsroomDay(now)).toBe('2026-11-28');
    expect(recorder.visitor('203.0.113.7', reader().userAgent)).not.toBe(sameDay);
    // Another instance with the same APP_SECRET derives the same visitor.
    const twin = setup({ now: () => now });
    expect(twin.recorder.visitor('203.0.113.7', reader().userAgent)).toBe(recorder.visitor('203.0.113.7', reader().userAgent));
    const otherSecret = setup({ now: () => now, secret: 'another-secret-another-secret-another-1' });
    expect(otherSecret.recorder.visitor('203.0.113.7', reader().userAgent)).not.toBe(recorder.visitor('203.0.113.7', reader().userAgent));
  });

  test('concurrent views share batches: one write per batch, duplicates of one article included', async () => {
    const { recorder, written } = setup();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => recorder.record(i % 2 ? ARTICLE : OTHER, reader(i))));
    expect(results.every(Boolean)).toBe(true);
    expect(written.length).toBeLessThan(5);
    expect(written.flat()).toHaveLength(50);
  });
});

describe('MemoryDedupe', () => {
  test('a claim holds for the window, then the key may be claimed again', async () => {
    let now = 1_000_000;
    const dedupe = new MemoryDedupe(1000, 100, () => now);
    expect(await dedupe.claim('ns', 'a')).toBe(true);
    expect(await dedupe.claim('ns', 'a')).toBe(false);
    expect(await dedupe.claim('other', 'a')).toBe(true);
    now += 999;
    expect(await dedupe.claim('ns', 'a')).toBe(false);
    now += 1;
    expect(await dedupe.claim('ns', 'a')).toBe(true);
  });

  test('release gives a key back at once', async () => {
    const dedupe = new MemoryDedupe(60_000);
    await dedupe.claim('ns', 'a');
    await dedupe.release('ns', 'a');
    expect(await dedupe.claim('ns', 'a')).toBe(true);
  });

  test('stays bounded: expired keys go first, then the oldest claims', async () => {
    let now = 0;
    const dedupe = new MemoryDedupe(1000, 3, () => now);
    for (const key of ['a', 'b', 'c']) await dedupe.claim('ns', key);
    now = 500;
    await dedupe.claim('ns', 'd');
    expect(dedupe.size).toBe(3);
    // 'a', the oldest, was forgotten to make room: it may count again.
    expect(await dedupe.claim('ns', 'a')).toBe(true);
    expect(await dedupe.claim('ns', 'd')).toBe(false);
    now = 2000;
    await dedupe.claim('ns', 'e');
    expect(dedupe.size).toBe(1);
  });
});
