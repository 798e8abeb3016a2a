import path from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { WriteStatementTimeout } from './statement-timeout';

const root = path.resolve(__dirname, '..', '..');
/** True when running from compiled JavaScript under dist/. */
const compiled = __filename.endsWith('.js') && root.endsWith(`${path.sep}dist`);
const projectRoot = compiled ? path.resolve(root, '..') : root;

export interface OrmOptions {
  clientUrl: string;
  poolMax?: number;
  debug?: boolean;
  /** statement_timeout of every connection of the pool (request traffic); none when unset. */
  statementTimeoutMs?: number;
  /** statement_timeout inside the entity manager's transactions (writes); the pool's when unset. */
  writeStatementTimeoutMs?: number;
}

/** One MikroORM configuration for the server, the CLI and the tests. */
export function ormConfig({ clientUrl, poolMax = 10, debug = false, statementTimeoutMs, writeStatementTimeoutMs }: OrmOptions): Options {
  return defineConfig({
    // node-postgres sends it as a startup parameter: no extra statement per connection.
    driverOptions: statementTimeoutMs ? { connection: { statement_timeout: statementTimeoutMs } } : {},
    subscribers: writeStatementTimeoutMs ? [new WriteStatementTimeout(writeStatementTimeoutMs)] : [],
    clientUrl,
    entities,
    // Under @swc/jest and ts-node MikroORM cannot always tell it runs TypeScript: say it.
    preferTs: !compiled,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
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
