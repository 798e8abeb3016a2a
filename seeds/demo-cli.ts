import { parseArgs } from 'node:util';
import { CommandError, readConfig, withDatabase, type CommandContext } from '../src/cli/command-io';
import { createMediaStorage } from '../src/modules/media/media-pipeline';
import { DEFAULT_DEMO_SEED, generateDemoArticles } from './demo/generate-demo';

export const DEMO_USAGE = `Usage: bulletin seed:demo --articles <N> [--seed <S>]
Adds N generated Vietnamese demo articles (same N and seed on the same day → same data).`;

function readCount(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new CommandError(`--${name} must be a non-negative integer (got "${raw}")`, 2);
  return value;
}

export async function seedDemoCommand(args: string[], ctx: CommandContext): Promise<number> {
  let values: { articles?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { articles: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new CommandError((error as Error).message, 2);
  }
  if (values.help) {
    ctx.io.out(DEMO_USAGE);
    return 0;
  }
  if (values.articles === undefined) throw new CommandError('--articles is required', 2);
  const count = readCount('articles', values.articles, 0);
  const seed = readCount('seed', values.seed, DEFAULT_DEMO_SEED);
  const config = readConfig(ctx.env);
  await withDatabase(config, async (db) => {
    const started = performance.now();
    const result = await generateDemoArticles(db.orm, { count, seed, mediaStorage: createMediaStorage(config) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    ctx.io.out(`${result.inserted} demo article(s) inserted, ${result.skipped} already present, in ${seconds} s (seed ${seed})`);
  });
  return 0;
}
