import { Field, InputType, Int } from 'type-graphql';
import { formatCount } from '../../shared/text';
import { API_KEY_NAME_MAX_LENGTH, API_KEY_RATE_LIMIT_MAX, ApiKeyScope } from './api-key.entity';

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: `Who uses it (a partner, a frontend): 1 to ${API_KEY_NAME_MAX_LENGTH} characters` })
  name!: string;

  @Field(() => Int, { description: `Requests per minute, 1 to ${formatCount(API_KEY_RATE_LIMIT_MAX)}; more are answered 429` })
  rateLimitPerMinute!: number;

  @Field(() => [ApiKeyScope], { nullable: true, description: 'None by default: published content only' })
  scopes?: ApiKeyScope[] | null;
}
