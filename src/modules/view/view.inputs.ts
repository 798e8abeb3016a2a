import { ArgsType, Field, Int } from 'type-graphql';
import { CalendarDateScalar } from '../../shared/scalars';
import { ViewPeriod } from './view-period';

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
