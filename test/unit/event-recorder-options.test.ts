import pino from 'pino';
import { EventRecorder, MemoryDedupe } from '../../src/modules/metering';

/** The recorder's options used by ad counting: once per subject for everyone, and visitors hashed per period. */

const SUBJECT = 'serving-1';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const reader = (n: number) => ({ address: `203.0.113.${n}`, userAgent: BROWSER });

function recorder(dedupePerVisitor?: boolean) {
  return new EventRecorder({
    kind: 'test-event',
    saltLabel: 'test-salt',
    isWellFormed: (id) => id.startsWith('serving-'),
    dedupe: new MemoryDedupe(60_000),
    dedupePerVisitor,
    commit: async (ids) => new Set(ids),
    appSecret: 'unit-secret-unit-secret-unit-secret-01',
    timezone: 'Asia/Ho_Chi_Minh',
    batchMs: 0,
    log: pino({ level: 'silent' }),
  });
}

describe('EventRecorder options', () => {
  it('counts a subject once per visitor by default, and once for everyone with dedupePerVisitor: false', async () => {
    const perVisitor = recorder();
    expect([await perVisitor.record(SUBJECT, reader(1)), await perVisitor.record(SUBJECT, reader(2)), await perVisitor.record(SUBJECT, reader(1))]).toEqual([true, true, false]);
    const once = recorder(false);
    expect([await once.record(SUBJECT, reader(1)), await once.record(SUBJECT, reader(2))]).toEqual([true, false]);
    await Promise.all([perVisitor.close(), once.close()]);
  });

  it('hashes a reader the same within a period and differently across periods and readers', () => {
    const events = recorder();
    const week = events.visitorInPeriod('203.0.113.1', BROWSER, 'WEEK:2026-11-30T00:00');
    expect(events.visitorInPeriod('203.0.113.1', `${BROWSER}  `, 'WEEK:2026-11-30T00:00')).toBe(week);
    expect(events.visitorInPeriod('203.0.113.1', BROWSER, 'WEEK:2026-12-07T00:00')).not.toBe(week);
    expect(events.visitorInPeriod('203.0.113.2', BROWSER, 'WEEK:2026-11-30T00:00')).not.toBe(week);
    expect(week).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
