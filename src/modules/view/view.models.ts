import { Field, Int, ObjectType } from 'type-graphql';
import { CalendarDateScalar } from '../../shared/scalars';

@ObjectType('DailyViews')
export class DailyViewsModel {
  @Field(() => CalendarDateScalar)
  day!: string;

  @Field(() => Int)
  views!: number;
}
