import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Site')
export class SiteModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The banner line under the masthead' })
  tagline!: string | null;

  @Field(() => String, { nullable: true, description: 'The authorized sellers file served at /ads.txt; null: none' })
  adsTxt!: string | null;

  bannerImageId!: string | null;
}
