import { createApp, type App } from '../../src/app';
import { createLogger } from '../../src/shared/logger';
import type { GraphQLResult, Harness } from './harness';

/** Another app on the harness's database (and, with REDIS_URL in its config, its Redis): a second instance of one deployment. */
export async function startSecondInstance(h: Harness): Promise<{ app: App; url: string }> {
  const app = await createApp({ config: h.config, orm: h.orm, logger: createLogger({ logLevel: 'silent', logPretty: false }) });
  return { app, url: `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}` };
}

/** The harness as seen through another instance at `url`: the same database and helpers, requests sent there. */
export function throughInstance(h: Harness, url: string): Harness {
  return {
    ...h,
    url,
    async gql<T>(query: string, variables?: Record<string, unknown>, options: { token?: string; headers?: Record<string, string> } = {}): Promise<GraphQLResult<T>> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: GraphQLResult<T>['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
  };
}
