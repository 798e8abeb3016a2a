import { CapPeriod } from '../../src/modules/ad/ad.enums';
import { capPeriodOf, MemoryCapCounter } from '../../src/modules/ad/ad-frequency-cap';

describe('capPeriodOf (calendar periods in the newsroom zone)', () => {
  // 2026-12-02 23:30 in Hanoi (UTC+7) is 16:30 UTC; a Wednesday.
  const at = new Date('2026-12-02T16:30:00Z');

  it('ends a DAY at the newsroom’s midnight, not UTC’s', () => {
    expect(capPeriodOf(CapPeriod.DAY, at, 'Asia/Ho_Chi_Minh')).toEqual({ key: '2026-12-02T00:00', endsAt: Date.parse('2026-12-02T17:00:00Z') });
  });

  it('ends an HOUR at the next full hour and a WEEK on Monday midnight', () => {
    expect(capPeriodOf(CapPeriod.HOUR, at, 'Asia/Ho_Chi_Minh')).toEqual({ key: '2026-12-02T23:00', endsAt: Date.parse('2026-12-02T17:00:00Z') });
    expect(capPeriodOf(CapPeriod.WEEK, at, 'Asia/Ho_Chi_Minh')).toEqual({ key: '2026-11-30T00:00', endsAt: Date.parse('2026-12-06T17:00:00Z') });
  });

  it('keeps a day 23 hours long across a DST change', () => {
    const day = capPeriodOf(CapPeriod.DAY, new Date('2026-03-08T12:00:00Z'), 'America/New_York');
    expect(day).toEqual({ key: '2026-03-08T00:00', endsAt: Date.parse('2026-03-09T04:00:00Z') });
  });
});

describe('MemoryCapCounter', () => {
  it('counts per key until the key’s period ends, then starts again', async () => {
    let now = 1_000;
    const counter = new MemoryCapCounter(10, () => now);
    expect([await counter.increment('a', 2_000), await counter.increment('a', 2_000), await counter.increment('b', 2_000)]).toEqual([1, 2, 1]);
    now = 2_000;
    expect(await counter.increment('a', 3_000)).toBe(1);
  });
});
