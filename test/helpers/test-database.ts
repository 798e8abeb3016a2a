import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Name of the database that holds migrations + seed; every test file clones it. */
export const TEMPLATE_ENV = 'BULLETIN_TEST_TEMPLATE_URL';
export const MEDIA_DIR_ENV = 'BULLETIN_TEST_MEDIA_DIR';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A private copy of the template database for one test file (CREATE DATABASE … TEMPLATE is a file copy: fast). */
export async function cloneTemplate(templateUrl: string): Promise<string> {
  const name = `bulletin_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(templateUrl, `create database "${name}" template "${databaseOf(templateUrl)}"`);
  return withDatabase(templateUrl, name);
}

export async function dropDatabase(url: string): Promise<void> {
  await adminQuery(url, `drop database if exists "${databaseOf(url)}" with (force)`);
}
