import path from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { entities } from './entities';
import { WriteStatementTimeout } from './statement-timeout';

const root = path.resolve(__dirname, '..', '..');
/** True when running from compiled JavaScript under dist/. */
const compiled = __filename.endsWith('.js') && root.endsWith(`${path.sep}dist`);
const projectRoot = compiled ? path.resolve(root, '..') : root;

export interface OrmOptions {
  clientUrl: string;
  poolMax?: number;
  /** Waiting for a pool connection, or for a new one to open, fails after this long (a 503, not a hang). */
  acquireTimeoutMs?: number;
  /** Streaming replicas; used only where a caller asks for one (src/db/read-replicas.ts). */
  replicaUrls?: readonly string[];
  debug?: boolean;
  /** statement_timeout of every connection of the pool (request traffic); none when unset. */
  statementTimeoutMs?: number;
  /** statement_timeout inside the entity manager's transactions (writes); the pool's when unset. */
  writeStatementTimeoutMs?: number;
  /** Where knex's own warnings go (a pooled connection the database dropped); its console when unset. */
  logger?: Logger;
}

/** One MikroORM configuration for the server, the CLI and the tests. */
export function ormConfig({ clientUrl, poolMax = 10, acquireTimeoutMs = 5_000, replicaUrls = [], debug = false, statementTimeoutMs, writeStatementTimeoutMs, logger }: OrmOptions): Options {
  return defineConfig({
    subscribers: writeStatementTimeoutMs ? [new WriteStatementTimeout(writeStatementTimeoutMs)] : [],
    clientUrl,
    entities,
    // Under @swc/jest and ts-node MikroORM cannot always tell it runs TypeScript: say it.
    preferTs: !compiled,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    // knex waits 60 s for a connection by default: during an outage every request would hang that long.
    // statement_timeout: node-postgres sends it as a startup parameter, no extra statement per connection.
    driverOptions: {
      acquireConnectionTimeout: acquireTimeoutMs,
      connection: { connectionTimeoutMillis: acquireTimeoutMs, ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}) },
      ...(logger ? { log: knexLog(logger) } : {}),
    },
    replicas: replicaUrls.map((url, index) => ({ name: `replica-${index + 1}`, clientUrl: url })),
    // MikroORM would send every em.find outside a transaction to a replica, staff screens and
    // read-after-write included; replicas serve only the public reads that ask for them.
    preferReadReplicas: false,
    debug,
    forceUtcTimezone: true,
    migrations: {
      path: path.join(root, 'migrations'),
      pathTs: path.join(projectRoot, 'migrations'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      emit: 'ts',
    },
  });
}

/**
 * knex prints its warnings with console.log ("Connection Error: Connection ended unexpectedly"
 * for every pooled connection a database restart drops): into the JSON log instead, as warnings
 * of the database component.
 */
function knexLog(logger: Logger) {
  const database = logger.child({ component: 'database' });
  return {
    warn: (message: unknown) => database.warn(String(message)),
    error: (message: unknown) => database.error(String(message)),
    deprecate: (message: unknown) => database.warn(String(message)),
  };
}
