import 'reflect-metadata';
import type { Logger } from 'pino';
import { createApp, type App } from './app';
import { assertIdeAvailable } from './http/ide';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/database';
import { startArticleScheduler } from './modules/article/article-scheduler';
import { sweepStagingArea } from './modules/media/media-pipeline';
import { createLogger } from './shared/logger';
import { OperatorError } from './shared/operator-error';
import { assertCanListen } from './shared/process';
import { seedIfEmpty } from '../seeds/seed-on-boot';

/** What is running, so that a signal at any point of the start stops exactly that, in order. */
interface Running {
  database?: Database;
  app?: App;
  stopScheduler?: () => Promise<void>;
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config);
  const running: Running = {};
  let stopping = false;
  let starting: Promise<void> | undefined = undefined;

  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests`);
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    try {
      // A signal during the start waits for the step under way, then unwinds what exists.
      await starting?.catch(() => undefined);
      await shutDown(running);
      logger.info('stopped cleanly');
    } finally {
      clearTimeout(force);
      logger.flush?.();
      process.exit(exitCode);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  starting = start(config, logger, running, () => stopping);
  try {
    await starting;
  } catch (error) {
    if (stopping) return;
    stopping = true;
    reportStartupFailure(error, logger);
    await shutDown(running).catch(() => undefined);
    logger.flush?.();
    process.exit(1);
  }
}

async function start(config: Config, logger: Logger, running: Running, stopRequested: () => boolean): Promise<void> {
  // Before anything is created, written or printed once (the demo passwords): can we listen at
  // all, and is everything the configuration asks for installed?
  await assertPortAvailable(config);
  if (config.ide) assertIdeAvailable();
  running.database = await openDatabase(config, logger, { statementTimeouts: true });
  const swept = await sweepStagingArea(config.mediaDir);
  if (swept > 0) logger.info(`removed ${swept} upload staging file(s) left by an earlier crash`);
  if (stopRequested()) return;
  if (config.seedOnEmpty) await seedIfEmpty(running.database.orm, config, logger);
  if (stopRequested()) return;
  const app = await createApp({ config, orm: running.database.orm, logger });
  running.app = app;
  const port = await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, config);
  });
  // Every instance runs it: FOR UPDATE SKIP LOCKED keeps them from publishing an article twice.
  running.stopScheduler = startArticleScheduler({ orm: running.database.orm, listeners: app.articleChanges, intervalMs: config.schedulerIntervalMs, log: logger, metrics: app.metrics });
  logger.info(`Bulletin GraphQL API at http://localhost:${port}/graphql (${config.env}) on ${running.database.description}`);
}

/** The order matters: no publishing run may start once the database closes; requests drain before it. */
async function shutDown(running: Running): Promise<void> {
  // Not ready at once: the scheduler's run under way may take a while to finish.
  running.app?.markShuttingDown();
  await running.stopScheduler?.();
  await running.app?.close();
  await running.database?.close();
}

async function assertPortAvailable(config: Config): Promise<void> {
  if (config.port === 0) return;
  try {
    await assertCanListen(config.port, config.host);
  } catch (error) {
    throw listenError(error as NodeJS.ErrnoException, config);
  }
}

function listenError(error: NodeJS.ErrnoException, config: Config): Error {
  if (error.code === 'EADDRINUSE') return new OperatorError(`Port ${config.port} on ${config.host} is already in use: stop what listens there, or set PORT`);
  if (error.code === 'EACCES') return new OperatorError(`Not allowed to listen on port ${config.port}: use a port above 1023, or set PORT`);
  if (error.code === 'EADDRNOTAVAIL') return new OperatorError(`HOST ${config.host} is not an address of this machine: set HOST (0.0.0.0 listens everywhere)`);
  return error;
}

/** Known start-up problems are one line saying what to do; anything else is a bug and keeps its stack. */
function reportStartupFailure(error: unknown, logger: Logger): void {
  if (error instanceof OperatorError || error instanceof ConfigError) {
    logger.fatal(`cannot start: ${error.message}`);
    return;
  }
  logger.fatal({ err: error }, 'startup failed');
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
