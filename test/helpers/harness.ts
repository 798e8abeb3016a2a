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
export interface HarnessOptions {
  logger?: Logger;
  /**
   * Listen on this port instead of an ephemeral one, with PUBLIC_URL pointing at it: for a browser
   * that loads the media URLs the API answers with.
   */
  port?: number;
  /** The harness's own pool: 5 connections and the production acquire timeout unless said. */
  pool?: { max?: number; acquireTimeoutMs?: number };
  /** The URL the server's pool connects to, from the test database's (a relay the test can cut); config.databaseUrl stays direct. */
  connectThrough?: (databaseUrl: string) => string;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const templateUrl = process.env[TEMPLATE_ENV];
  if (!templateUrl) throw new Error('The test template database is missing: run the tests through jest (globalSetup)');
  const databaseUrl = await cloneTemplate(templateUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: process.env[MEDIA_DIR_ENV] ?? '',
    APP_SECRET: 'test-secret-test-secret-test-secret-0123',
    PORT: String(options.port ?? 0),
    ...(options.port ? { PUBLIC_URL: `http://127.0.0.1:${options.port}` } : {}),
    // The server shares its event loop with jest, which compiles modules and collects a worker's
    // garbage on it: a NODE_ENV=production harness would otherwise shed requests as overloaded on
    // a busy machine. The tests of that protection set their own threshold.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
  // The server's statement timeouts (main.ts opens its pool the same way).
  const { statementTimeoutMs, writeStatementTimeoutMs } = config.requestLimits;
  const logger = options.logger ?? createLogger({ logLevel: 'silent', logPretty: false });
  const orm = await MikroORM.init(
    ormConfig({ clientUrl: options.connectThrough?.(databaseUrl) ?? databaseUrl, poolMax: options.pool?.max ?? 5, acquireTimeoutMs: options.pool?.acquireTimeoutMs, statementTimeoutMs, writeStatementTimeoutMs, logger }),
  );
  let queries = 0;
  orm.em.getKnex().on('query', () => {
    queries += 1;
  });
  schemaPromise ??= createSchema();
  const app = await createApp({ config, orm, logger, schema: await schemaPromise });
  const url = `http://127.0.0.1:${await app.listen(options.port ?? 0, '127.0.0.1')}`;

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
