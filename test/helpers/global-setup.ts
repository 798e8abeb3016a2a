import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { ormConfig } from '../../src/db/orm-config';
import { createLogger } from '../../src/shared/logger';
import { freePort, isProcessAlive } from '../../src/shared/process';
import { seedIfEmpty } from '../../seeds/seed-on-boot';
import { MEDIA_DIR_ENV, TEMPLATE_ENV, adminQuery, withDatabase } from './test-database';

declare global {
  var __bulletinTestState: { embedded?: EmbeddedPostgres; templateUrl: string; workDir: string } | undefined;
}

/**
 * Prepares one template database (migrated and seeded) for the whole run: on TEST_DATABASE_URL's
 * server when set, otherwise on an embedded PostgreSQL in a temporary directory.
 */
export default async function globalSetup(): Promise<void> {
  sweepAbandonedRuns();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), WORK_DIR_PREFIX));
  fs.chmodSync(workDir, 0o755);
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort(), database: 'postgres', log: () => undefined });
    serverUrl = embedded.url;
  }
  const templateName = `bulletin_template_${process.pid}`;
  await adminQuery(serverUrl, `drop database if exists "${templateName}" with (force)`);
  await adminQuery(serverUrl, `create database "${templateName}"`);
  const templateUrl = withDatabase(serverUrl, templateName);

  const mediaDir = path.join(workDir, 'media');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: templateUrl, MEDIA_DIR: mediaDir, DATA_DIR: workDir });
  const orm = await MikroORM.init(ormConfig({ clientUrl: templateUrl, poolMax: 2 }));
  try {
    await orm.getMigrator().up();
    await seedIfEmpty(orm, config, createLogger({ logLevel: 'silent', logPretty: false }));
  } finally {
    await orm.close(true);
  }
  process.env[TEMPLATE_ENV] = templateUrl;
  process.env[MEDIA_DIR_ENV] = mediaDir;
  globalThis.__bulletinTestState = { embedded, templateUrl, workDir };
  forgetDecoratorMetadata();
}

/**
 * Jest copies this process's globals into each test context. Decorator metadata registered here
 * (MikroORM keeps it on globalThis) would hand test files Maps from another realm, so drop it.
 */
function forgetDecoratorMetadata(): void {
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-') || key.startsWith('TypeGraphQL')) delete (globalThis as Record<string, unknown>)[key];
  }
}

const WORK_DIR_PREFIX = 'bulletin-test-';

/**
 * A run that was killed (Ctrl-C twice, a CI timeout) skips globalTeardown and leaves its embedded
 * PostgreSQL running. Stop those whose owning process is gone, and remove their directories.
 */
function sweepAbandonedRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(WORK_DIR_PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    const owner = readPid(path.join(dir, 'postgres.owner'));
    if (owner === null || isProcessAlive(owner)) continue;
    const postmaster = readPid(path.join(dir, 'postgres', 'postmaster.pid'));
    if (postmaster !== null && isProcessAlive(postmaster)) process.kill(postmaster, 'SIGQUIT'); // immediate: its data is throwaway
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}


