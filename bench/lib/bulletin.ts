import path from 'node:path';
import { MikroORM, type Knex } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { ormConfig } from '../../src/db/orm-config';
import { LocalMediaStorage } from '../../src/modules/media/media-storage';
import { createLogger } from '../../src/shared/logger';
import { generateDemoArticles } from '../../seeds/demo/generate-demo';
import { seedIfEmpty } from '../../seeds/seed-on-boot';
import { startChild, waitUntil, type Child } from './processes';

/** What the benchmarks share about Bulletin itself: its data, its environment, its readiness. */

export const ROOT = path.resolve(__dirname, '..', '..');
export const APP_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
/** Media URLs must not depend on a port: every server under benchmark builds them from this. */
export const PUBLIC_URL = 'http://bulletin.bench.invalid';

/**
 * Migrations (MikroORM migrator), the bulletin seed, N demo articles and fresh statistics; then
 * `inspect` reads what the benchmark needs to know about the data, before the ORM closes.
 */
export async function prepareDemoData<T>(
  databaseUrl: string,
  mediaDir: string,
  articles: number,
  inspect: (knex: Knex, inserted: number) => Promise<T>,
): Promise<T & { postgres: string }> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, DATA_DIR: path.dirname(mediaDir), LOG_LEVEL: 'warn' });
  const orm = await MikroORM.init(ormConfig({ clientUrl: databaseUrl, poolMax: 4 }));
  try {
    await orm.getMigrator().up();
    await seedIfEmpty(orm, config, createLogger({ logLevel: 'warn', logPretty: false }));
    const { inserted } = await generateDemoArticles(orm, { count: articles, mediaStorage: new LocalMediaStorage(mediaDir) });
    const knex = orm.em.getKnex();
    // Fresh statistics: the planner should see the table as it is, not as it was before the INSERTs.
    await knex.raw('analyze');
    const facts = await inspect(knex, inserted);
    const [{ server_version }] = (await knex.raw('show server_version')).rows as { server_version: string }[];
    return { ...facts, postgres: server_version };
  } finally {
    await orm.close(true);
  }
}

/** The environment of a Bulletin server under benchmark: production, quiet, no seeding, its files in workDir. */
export function bulletinEnv(options: { databaseUrl: string; pool: number; port: number; workDir: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    DB_POOL_MAX: String(options.pool),
    APP_SECRET,
    LOG_LEVEL: 'warn',
    SEED_ON_EMPTY: 'false',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL,
    // Required in production (feed and sitemap links); the bench reads none of them.
    SITE_URL: 'http://localhost:3000',
    DATA_DIR: path.join(options.workDir, 'data'),
    MEDIA_DIR: path.join(options.workDir, 'media'),
    RESPONSE_CACHE_TTL_MS: bulletinResponseCacheTtl(),
  };
}

/**
 * The targets are for uncached reads: Bulletin runs with its response cache off unless
 * BENCH_RESPONSE_CACHE_TTL_MS asks for it (`BENCH_RESPONSE_CACHE_TTL_MS=1000 npm run bench -- …`
 * measures the cached figures, reported as such).
 */
export function bulletinResponseCacheTtl(): string {
  return process.env.BENCH_RESPONSE_CACHE_TTL_MS ?? '0';
}

/** Resolves once the server on 127.0.0.1:port answers /readyz with 200 (60 s at most). */
export function waitForReadyz(child: Child, port: number): Promise<void> {
  return waitUntil(child, 'answer on /readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 60_000);
}

/** tsc into workDir/dist, as `npm run build` does, without touching the checkout's dist/. */
export function startBuild(workDir: string): Child {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  return startChild('tsc', [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(workDir, 'dist')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    echo: false,
  });
}
