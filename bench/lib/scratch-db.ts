import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { log, onCleanup } from './processes';

/** Scratch databases on the local PostgreSQL (trust auth), named <prefix>_<pid>, dropped at cleanup. */

export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A database left by a run that was killed hard: say so, never drop what might be live. With
 * `workDirPrefix`, also the work directories <workDirPrefix>-<pid>-XXXXXX in the temp dir.
 */
export async function reportLeftovers(prefix: string, workDirPrefix?: string): Promise<void> {
  const rows = await adminQuery<{ datname: string }>('select datname from pg_database where datname ~ $1', [`^${prefix}_[0-9]+$`]);
  const stale = rows.map((row) => row.datname).filter((name) => !isAlive(Number(name.slice(prefix.length + 1))));
  if (stale.length > 0) {
    log(`note: scratch database(s) from an earlier run that was killed hard: ${stale.join(', ')}`);
    log(`      drop them with: ${stale.map((name) => `psql -h 127.0.0.1 -U postgres -c 'drop database "${name}" with (force)'`).join('; ')}`);
  }
  if (workDirPrefix === undefined) return;
  const dirs = fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith(`${workDirPrefix}-`) && /^[0-9]+-[A-Za-z0-9]{6}$/.test(name.slice(workDirPrefix.length + 1)))
    .filter((name) => !isAlive(Number(name.slice(workDirPrefix.length + 1).split('-')[0])))
    .map((name) => path.join(os.tmpdir(), name));
  if (dirs.length > 0) log(`note: work directories left by an earlier run that was killed hard; to remove them: rm -rf ${dirs.join(' ')}`);
}

export async function createScratchDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}`;
  const exists = await adminQuery('select 1 from pg_database where datname = $1', [name]);
  if (exists.length > 0) {
    throw new Error(`database ${name} already exists (a killed run with the same pid?). Drop it: psql -h 127.0.0.1 -U postgres -c 'drop database "${name}" with (force)'`);
  }
  await adminQuery(`create database "${name}"`);
  onCleanup(`drop database ${name}`, async () => {
    await adminQuery(`drop database if exists "${name}" with (force)`);
    log(`dropped the scratch database ${name}`);
  });
  return withDatabase(ADMIN_URL, name);
}
