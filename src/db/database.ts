import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { ormConfig } from './orm-config';

export interface Database {
  orm: MikroORM;
  /** Where the data lives, without credentials: for the startup banner. */
  description: string;
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded cluster under DATA_DIR, then applies migrations. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let clientUrl = config.databaseUrl;
  if (clientUrl === undefined) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      database: 'bulletin',
      log: (message) => logger.info(message),
    });
    clientUrl = embedded.url;
  }
  try {
    const orm = await MikroORM.init(ormConfig({ clientUrl, poolMax: config.dbPoolMax }));
    const applied = await orm.getMigrator().up();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, `applied ${applied.length} migration(s)`);
    return {
      orm,
      description: embedded ? `embedded PostgreSQL (${embedded.dataDir}, ${redact(clientUrl)})` : `PostgreSQL at ${redact(clientUrl)}`,
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

/** host:port/database only: the URL may carry a password. */
export function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
