import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createMediaStorage } from '../src/modules/media/media-pipeline';
import { createLogger } from '../src/shared/logger';
import { DEFAULT_DEMO_SEED, generateDemoArticles } from './demo/generate-demo';
import { runCommand } from '../src/shared/run-command';

const USAGE = `Usage: npm run seed:demo -- --articles <N> [--seed <S>]
Adds N generated Vietnamese demo articles (same N and seed on the same day → same data).`;

function readCount(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--${name} must be a non-negative integer (got "${raw}")`);
  return value;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let count: number;
  let seed: number;
  try {
    const { values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: { articles: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.articles === undefined) throw new UsageError('--articles is required');
    count = readCount('articles', values.articles, 0);
    seed = readCount('seed', values.seed, DEFAULT_DEMO_SEED);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }

  const config = loadConfig();
  const database = await openDatabase(config, createLogger(config));
  try {
    const started = performance.now();
    const result = await generateDemoArticles(database.orm, { count, seed, mediaStorage: createMediaStorage(config) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${result.inserted} demo article(s) inserted, ${result.skipped} already present, in ${seconds} s (seed ${seed})`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(() => main(process.argv.slice(2)));
