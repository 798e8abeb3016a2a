import { ArticleStatus } from '../../src/modules/article/article.entity';
import { ninjsStatusOf } from '../../src/modules/syndication';

const NOW = new Date('2026-12-02T05:00:00Z');
const past = new Date('2026-12-01T05:00:00Z');
const future = new Date('2026-12-03T05:00:00Z');
const published = { status: ArticleStatus.PUBLISHED, publishedAt: past, deletedAt: null };

describe('ninjsStatusOf (an article’s state and embargo in ninjs)', () => {
  test('a public article is usable, without embargoed', () => {
    expect(ninjsStatusOf(published, NOW)).toEqual({ pubstatus: 'usable' });
    expect(ninjsStatusOf({ ...published, embargoedUntil: past }, NOW)).toEqual({ pubstatus: 'usable' });
  });

  test('an embargo not yet ended is withheld until its time', () => {
    expect(ninjsStatusOf({ ...published, embargoedUntil: future }, NOW)).toEqual({ pubstatus: 'withheld', embargoed: future.toISOString() });
  });

  test('a publication time still to come is an embargo too', () => {
    expect(ninjsStatusOf({ ...published, publishedAt: future }, NOW)).toEqual({ pubstatus: 'withheld', embargoed: future.toISOString() });
  });

  test.each([ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.ARCHIVED])('%s is canceled (a mirror takes it down)', (status) => {
    expect(ninjsStatusOf({ ...published, status }, NOW)).toEqual({ pubstatus: 'canceled' });
  });

  test('a deleted article is canceled, embargo or not', () => {
    expect(ninjsStatusOf({ ...published, deletedAt: past, embargoedUntil: future }, NOW)).toEqual({ pubstatus: 'canceled' });
  });
});
