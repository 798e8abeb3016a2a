import { registerEnumType } from 'type-graphql';

/** The periods "most read" ranks over, in newsroom days. */
export enum ViewPeriod {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  ALL_TIME = 'ALL_TIME',
}
registerEnumType(ViewPeriod, {
  name: 'ViewPeriod',
  description: 'Days are the newsroom’s (NEWSROOM_TIMEZONE)',
  valuesConfig: {
    DAY: { description: 'Today' },
    WEEK: { description: 'The last 7 days, today included' },
    MONTH: { description: 'The last 30 days, today included' },
    ALL_TIME: { description: 'The article’s total (viewCount)' },
  },
});

/** Newsroom days per period (ALL_TIME reads the totals instead). */
export const PERIOD_DAYS: Record<Exclude<ViewPeriod, ViewPeriod.ALL_TIME>, number> = {
  [ViewPeriod.DAY]: 1,
  [ViewPeriod.WEEK]: 7,
  [ViewPeriod.MONTH]: 30,
};
