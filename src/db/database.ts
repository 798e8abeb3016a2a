import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { findRunningCluster, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { ormConfig } from './orm-config';

export interface Database {
  orm: MikroORM;
  /** Where the data lives, without credentials: for the startup banner. */
  description: string;
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Commands (import, user:create, …) set this: when a server already runs the embedded cluster
   * on this data dir, connect to it as a client rather than refusing. A server never attaches.
   */
  attach?: boolean;
  /** Apply pending migrations (default true; `migrate status` only looks). */
  migrate?: boolean;
  /**
   * The server sets this: the pool gets STATEMENT_TIMEOUT_MS and write transactions
   * WRITE_STATEMENT_TIMEOUT_MS. Migrations then run first on a connection of their own without
   * them (an index build may take minutes), and commands never have them.
   */
  statementTimeouts?: boolean;
}

const EMBEDDED_DATABASE = 'bulletin';

/** Connects to DATABASE_URL, or to the embedded cluster under DATA_DIR (started if needed), then applies migrations. */
export async function openDatabase(config: Config, logger: Logger, options: OpenDatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let clientUrl = config.databaseUrl;
  let where = clientUrl ? `PostgreSQL at ${redact(clientUrl)}` : '';
  const dataDir = path.join(config.dataDir, 'postgres');
  const running = clientUrl === undefined && options.attach ? findRunningCluster(dataDir) : undefined;
  if (running) {
    clientUrl = embeddedUrl(running.port);
    where = `the embedded PostgreSQL of process ${running.ownerPid} (${redact(clientUrl)})`;
  } else if (clientUrl === undefined) {
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE,
      log: (message) => logger.info(message),
    });
    clientUrl = embedded.url;
    where = `embedded PostgreSQL (${embedded.dataDir}, ${redact(clientUrl)})`;
  }
  try {
    const migrate = options.migrate ?? true;
    if (migrate && options.statementTimeouts) {
      const migrator = await MikroORM.init(ormConfig({ clientUrl, poolMax: 1, logger }));
      await applyMigrations(migrator, logger).finally(() => migrator.close(true));
    }
    const timeouts = options.statementTimeouts ? { statementTimeoutMs: config.requestLimits.statementTimeoutMs, writeStatementTimeoutMs: config.requestLimits.writeStatementTimeoutMs } : {};
    const orm = await MikroORM.init(
      ormConfig({ clientUrl, poolMax: config.dbPoolMax, acquireTimeoutMs: config.dbAcquireTimeoutMs, replicaUrls: config.databaseReplicaUrls, logger, ...timeouts }),
    );
    if (migrate && !options.statementTimeouts) await applyMigrations(orm, logger);
    return {
      orm,
      description: where,
      embedded,
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function applyMigrations(orm: MikroORM, logger: Logger): Promise<void> {
  const applied = await orm.getMigrator().up();
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, `applied ${applied.length} migration(s)`);
}

function embeddedUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

/** host:port/database only: the URL may carry a password. */
export function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
