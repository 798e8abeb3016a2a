// Shared by the API key, rate limit, embargo and change feed tests: keys issued through the API.
import { dataOf } from './expect-graphql';
import type { GraphQLResult, Harness } from './harness';

export const API_KEY_FIELDS = 'id name prefix scopes rateLimitPerMinute createdAt lastUsedAt revokedAt';

export interface ApiKeyData {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyInput {
  name: string;
  rateLimitPerMinute: number;
  scopes?: string[];
}

export function createApiKeyRequest(h: Harness, options: { token?: string; headers?: Record<string, string> }, input: ApiKeyInput): Promise<GraphQLResult<{ createApiKey: { key: string; apiKey: ApiKeyData } }>> {
  return h.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${API_KEY_FIELDS} } } }`, { input }, options);
}

export function revokeApiKeyRequest(h: Harness, options: { token?: string; headers?: Record<string, string> }, id: string): Promise<GraphQLResult<{ revokeApiKey: ApiKeyData }>> {
  return h.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { ${API_KEY_FIELDS} } }`, { id }, options);
}

/** A key issued by `adminToken`: its secret and its row as the API shows it. */
export async function issueApiKey(h: Harness, adminToken: string, input: Partial<ApiKeyInput> = {}): Promise<{ key: string; apiKey: ApiKeyData }> {
  const name = input.name ?? `Đối tác ${Math.random().toString(36).slice(2, 8)}`;
  return dataOf(await createApiKeyRequest(h, { token: adminToken }, { rateLimitPerMinute: 1000, ...input, name })).createApiKey;
}

/** Request options sending `key` as `X-Api-Key` (or as a bearer token with `bearer`). */
export function withKey(key: string, as: 'x-api-key' | 'bearer' = 'x-api-key'): { headers: Record<string, string> } {
  return { headers: as === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key } };
}
