import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { ormConfig } from '../../src/db/orm-config';
import { createSchema } from '../../src/graphql/schema';
import { createLogger } from '../../src/shared/logger';
import { MEDIA_DIR_ENV, TEMPLATE_ENV, cloneTemplate, dropDatabase } from './test-database';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface Harness {
  url: string;
  orm: MikroORM;
  config: Config;
  app: App;
  /** SQL statements sent since the harness started (every pool connection). */
  queryCount(): number;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;

/**
 * A running server on a private copy of the seeded template database: real HTTP, real PostgreSQL.
 * One per test file (beforeAll/afterAll).
 */
export async function startHarness(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<Harness> {
  const templateUrl = process.env[TEMPLATE_ENV];
  if (!templateUrl) throw new Error('The test template database is missing: run the tests through jest (globalSetup)');
  const databaseUrl = await cloneTemplate(templateUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: process.env[MEDIA_DIR_ENV] ?? '',
    APP_SECRET: 'test-secret-test-secret-test-secret-0123',
    PORT: '0',
    ...env,
  });
  // The server's statement timeouts (main.ts opens its pool the same way).
  const { statementTimeoutMs, writeStatementTimeoutMs } = config.requestLimits;
  const orm = await MikroORM.init(ormConfig({ clientUrl: databaseUrl, poolMax: 5, statementTimeoutMs, writeStatementTimeoutMs }));
  let queries = 0;
  orm.em.getKnex().on('query', () => {
    queries += 1;
  });
  schemaPromise ??= createSchema();
  const app = await createApp({ config, orm, logger: options.logger ?? createLogger({ logLevel: 'silent', logPretty: false }), schema: await schemaPromise });
  const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;

  return {
    url,
    orm,
    config: { ...config, publicUrl: url },
    app,
    queryCount: () => queries,
    async gql(query, variables, options = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: never; errors?: never };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
    async close() {
      await app.close();
      await orm.close(true);
      await dropDatabase(databaseUrl);
    },
  };
}
