import type { EntityManager } from '@mikro-orm/postgresql';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { ConnectionArgs, Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { cleanPlainText, formatCount, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { API_KEY_NAME_MAX_LENGTH, API_KEY_RATE_LIMIT_MAX, ApiKey } from './api-key.entity';
import type { CreateApiKeyInput } from './api-key.inputs';
import { API_KEY_COLUMNS, type ApiKeyModel, type CreateApiKeyPayload } from './api-key.model';
import { newApiKeySecret } from './api-key-secret';

const API_KEY_ORDER: KeysetOrder = { kind: 'apiKeys', keys: [{ sql: 'k.created_at', cast: 'timestamptz' }, { sql: 'k.id', cast: 'uuid' }], descending: true };

/** API keys for partners and frontends: issued, listed and revoked by admins (the resolver's role gate). */
export class ApiKeyService {
  constructor(
    private readonly em: EntityManager,
    private readonly cursors: CursorCodec,
  ) {}

  async create(input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const name = cleanPlainText(input.name);
    if (textLength(name) < 1 || textLength(name) > API_KEY_NAME_MAX_LENGTH) {
      throw new BadInputError(`"name" must be 1 to ${API_KEY_NAME_MAX_LENGTH} characters`, 'name');
    }
    if (!Number.isInteger(input.rateLimitPerMinute) || input.rateLimitPerMinute < 1 || input.rateLimitPerMinute > API_KEY_RATE_LIMIT_MAX) {
      throw new BadInputError(`"rateLimitPerMinute" must be 1 to ${formatCount(API_KEY_RATE_LIMIT_MAX)}`, 'rateLimitPerMinute');
    }
    const secret = newApiKeySecret();
    const apiKey = this.em.create(ApiKey, {
      name,
      prefix: secret.prefix,
      secretHash: secret.hash,
      scopes: [...new Set(input.scopes ?? [])],
      rateLimitPerMinute: input.rateLimitPerMinute,
    });
    await this.em.persistAndFlush(apiKey);
    return { key: secret.key, apiKey: (await this.find(apiKey.id)) as ApiKeyModel };
  }

  /** Newest first, revoked ones included (with their revokedAt). */
  list(args: ConnectionArgs): Promise<Page<ApiKeyModel>> {
    const qb = this.em.getKnex()('api_key as k').select(API_KEY_COLUMNS);
    return keysetPage<ApiKeyModel>({ query: qb, order: API_KEY_ORDER, cursors: this.cursors, args });
  }

  /** Effective on the key's next request everywhere: authentication reads the row each time. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<ApiKeyModel> {
    const keyId = assertUuid(id, 'id');
    await this.em.getKnex()('api_key').update({ revoked_at: new Date() }).where('id', keyId).whereNull('revoked_at');
    const row = await this.find(keyId);
    if (!row) throw new NotFoundError('No such API key');
    return row;
  }

  private async find(id: string): Promise<ApiKeyModel | undefined> {
    return (await this.em.getKnex()('api_key as k').first(API_KEY_COLUMNS).where('k.id', id)) as ApiKeyModel | undefined;
  }
}
