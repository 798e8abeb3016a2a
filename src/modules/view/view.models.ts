import { CalendarDateScalar } from '../../shared/scalars';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';

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

export const MOST_VIEWED_MAX = 50;
export const MOST_VIEWED_DEFAULT = 10;

@ArgsType()
export class MostViewedArgs {
  @Field(() => ViewPeriod)
  period!: ViewPeriod;

  @Field(() => Int, { nullable: true, defaultValue: MOST_VIEWED_DEFAULT, description: `How many, 1 to ${MOST_VIEWED_MAX}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Only this category and its subcategories' })
  categorySlug?: string | null;
}

export const VIEW_STATS_MAX_DAYS = 366;

@ArgsType()
export class ViewStatsArgs {
  @Field(() => CalendarDateScalar, { description: 'First day, included' })
  from!: string;

  @Field(() => CalendarDateScalar, { description: `Last day, included; at most ${VIEW_STATS_MAX_DAYS} days after from` })
  to!: string;
}

@ObjectType('DailyViews')
export class DailyViewsModel {
  @Field(() => CalendarDateScalar)
  day!: string;

  @Field(() => Int)
  views!: number;
}
