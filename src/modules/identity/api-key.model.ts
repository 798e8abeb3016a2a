import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKeyScope } from './api-key.entity';

registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'What an API key may do beyond reading published content',
  valuesConfig: { EMBARGOED: { description: 'Also read articles under embargo' } },
});

/** An API key as admins see it: never its secret. */
@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The start of the key, to tell keys apart' })
  prefix!: string;

  @Field(() => [ApiKeyScope])
  scopes!: ApiKeyScope[];

  @Field(() => Int)
  rateLimitPerMinute!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

export const API_KEY_COLUMNS = {
  id: 'k.id',
  name: 'k.name',
  prefix: 'k.prefix',
  scopes: 'k.scopes',
  rateLimitPerMinute: 'k.rate_limit_per_minute',
  createdAt: 'k.created_at',
  lastUsedAt: 'k.last_used_at',
  revokedAt: 'k.revoked_at',
};

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => String, { description: 'The secret key: shown this once, never stored' })
  key!: string;

  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;
}
