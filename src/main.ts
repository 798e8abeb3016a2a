import 'reflect-metadata';
import { once } from 'node:events';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { startArticleScheduler } from './modules/article/article-scheduler';
import { createLogger } from './shared/logger';
import { seedIfEmpty } from '../seeds/seed-on-boot';
import { sweepStagingArea } from './modules/media/media-pipeline';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  const database = await openDatabase(config, logger);
  const swept = await sweepStagingArea(config.mediaDir);
  if (swept > 0) logger.info(`removed ${swept} upload staging file(s) left by an earlier crash`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    try {
      // The scheduler first: no publishing run may start (or still be going) once the database closes.
      await stopScheduler?.();
      await app?.close();
      await database.close();
      logger.info('stopped cleanly');
    } finally {
      clearTimeout(force);
      logger.flush?.();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopScheduler: (() => Promise<void>) | undefined = undefined;
  try {
    if (config.seedOnEmpty) await seedIfEmpty(database.orm, config, logger);
    app = await createApp({ config, orm: database.orm, logger });
    app.server.listen(config.port, config.host);
    await once(app.server, 'listening');
  } catch (error) {
    logger.error({ err: error }, 'startup failed');
    await database.close().catch(() => undefined);
    process.exit(1);
  }
  // Every instance runs it: FOR UPDATE SKIP LOCKED keeps them from publishing an article twice.
  stopScheduler = startArticleScheduler({ orm: database.orm, intervalMs: config.schedulerIntervalMs, log: logger });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(`Bulletin GraphQL API at http://localhost:${port}/graphql (${config.env}) on ${database.description}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
