import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 'x'.repeat(32);
const DB_URL = 'postgres://bulletin:S3cr3t-pa55word@db.internal:5432/bulletin';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  test('has development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      isProduction: false,
      host: '0.0.0.0',
      port: 4000,
      databaseUrl: undefined,
      dbPoolMax: 10,
      dataDir: path.resolve('./data'),
      mediaDir: path.resolve('./data/media'),
      publicUrl: 'http://localhost:4000',
      logLevel: 'info',
      logPretty: true,
      introspection: true,
      ide: true,
      seedOnEmpty: true,
      maxBodyBytes: 1_000_000,
      redisUrl: undefined,
      timezone: 'Asia/Ho_Chi_Minh',
    });
    // A random secret in development, long enough to sign cursors.
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).appSecret).not.toBe(config.appSecret);
  });

  test('is silent in tests and closed in production', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    const production = loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, DATABASE_URL: DB_URL, SITE_URL: 'https://tin.example.vn' });
    expect(production).toMatchObject({ isProduction: true, introspection: false, ide: false, logPretty: false, logLevel: 'info', appSecret: SECRET, databaseUrl: DB_URL });
    // Sample content belongs to development: production starts empty unless asked.
    expect(production.seedOnEmpty).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, DATABASE_URL: DB_URL, SITE_URL: 'https://tin.example.vn', SEED_ON_EMPTY: 'true' }).seedOnEmpty).toBe(true);
  });

  test('syndication: SITE_URL is required in production; ARTICLE_PATH and CONTENT_LANGUAGE are checked', () => {
    expect(problemsOf({ NODE_ENV: 'production', APP_SECRET: SECRET, DATABASE_URL: DB_URL })).toContain('SITE_URL is required when NODE_ENV=production');
    expect(loadConfig({ SITE_URL: 'https://tin.example.vn/', ARTICLE_PATH: '/tin/{id}/{slug}' }).syndication).toMatchObject({ siteUrl: 'https://tin.example.vn', articlePath: '/tin/{id}/{slug}', language: 'vi' });
    for (const path of ['tin/{slug}', '/tin', '/{year}/{slug}', '/tin/{slug}?x=1']) expect(problemsOf({ ARTICLE_PATH: path })).toContain(`ARTICLE_PATH must be a path starting with /`);
    expect(problemsOf({ CONTENT_LANGUAGE: 'Vietnamese' })).toContain('CONTENT_LANGUAGE must be a BCP 47 language tag');
    expect(problemsOf({ SITE_URL: 'ftp://tin.example.vn' })).toContain('SITE_URL must be a http: or https:// URL');
    expect(problemsOf({ FEED_ITEMS: '0', SITEMAP_PAGE_SIZE: '50001', PUBLIC_CACHE_MAX_AGE_SECONDS: '-1' })).toMatch(/FEED_ITEMS[\s\S]*SITEMAP_PAGE_SIZE[\s\S]*PUBLIC_CACHE_MAX_AGE_SECONDS/);
  });

  test('reads and trims values, and strips trailing slashes from PUBLIC_URL', () => {
    const config = loadConfig({ PORT: ' 8080 ', PUBLIC_URL: 'https://news.example.vn//', GRAPHQL_INTROSPECTION: 'off', MAX_BODY_BYTES: '2000', HOST: '127.0.0.1' });
    expect(config).toMatchObject({ port: 8080, publicUrl: 'https://news.example.vn', introspection: false, maxBodyBytes: 2000, host: '127.0.0.1' });
  });

  test('defaults PUBLIC_URL to the port', () => {
    expect(loadConfig({ PORT: '5000' }).publicUrl).toBe('http://localhost:5000');
  });

  test('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  test.each([['abc'], ['-1'], ['65536'], ['80.5']])('lists an invalid PORT (%s)', (port) => {
    expect(problemsOf({ PORT: port })).toContain(`PORT must be an integer between 0 and 65535 (got "${port}")`);
  });

  test('lists every problem at once', () => {
    const message = problemsOf({ PORT: 'abc', NODE_ENV: 'staging', LOG_PRETTY: 'maybe', NEWSROOM_TIMEZONE: 'Mars/Olympus', APP_SECRET: 'short' });
    expect(message).toMatch(/^Invalid configuration:/);
    for (const name of ['PORT', 'NODE_ENV', 'LOG_PRETTY', 'NEWSROOM_TIMEZONE', 'APP_SECRET']) expect(message).toContain(`- ${name}`);
  });

  test('production requires APP_SECRET and DATABASE_URL', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    expect(message).toContain('APP_SECRET is required when NODE_ENV=production');
    expect(message).toContain('DATABASE_URL is required when NODE_ENV=production');
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: DB_URL })).not.toContain('DATABASE_URL');
    expect(problemsOf({ NODE_ENV: 'production', APP_SECRET: SECRET })).not.toContain('APP_SECRET');
  });

  test('refuses a short APP_SECRET', () => {
    expect(problemsOf({ APP_SECRET: 'too-short' })).toContain('APP_SECRET must be at least 32 characters');
  });

  test('never echoes the DATABASE_URL value (it carries a password) in its error', () => {
    const bad = 'mysql://bulletin:S3cr3t-pa55word@db.internal/bulletin';
    const message = problemsOf({ DATABASE_URL: bad });
    expect(message).toContain('DATABASE_URL must be a postgres: or postgresql:// URL');
    expect(message).not.toContain('S3cr3t-pa55word');
    expect(message).not.toContain('db.internal');
    const garbled = problemsOf({ DATABASE_URL: 'not a url S3cr3t-pa55word' });
    expect(garbled).not.toContain('S3cr3t-pa55word');
  });

  test('never echoes REDIS_URL either', () => {
    expect(problemsOf({ REDIS_URL: 'http://:hunter2-password@cache' })).not.toContain('hunter2');
  });

  test('reads the pool acquire timeout and the replica settings, with their defaults', () => {
    expect(loadConfig({})).toMatchObject({ dbAcquireTimeoutMs: 5_000, databaseReplicaUrls: [], replicaCheckIntervalMs: 2_000, replicaPinMs: 5_000 });
    const config = loadConfig({
      DATABASE_URL: DB_URL,
      DATABASE_REPLICA_URLS: ' postgres://r1.internal:5432/bulletin , postgresql://r2.internal/bulletin ',
      DB_ACQUIRE_TIMEOUT_MS: '800',
      REPLICA_CHECK_INTERVAL_MS: '500',
      REPLICA_PIN_MS: '0',
    });
    expect(config.databaseReplicaUrls).toEqual(['postgres://r1.internal:5432/bulletin', 'postgresql://r2.internal/bulletin']);
    expect(config).toMatchObject({ dbAcquireTimeoutMs: 800, replicaCheckIntervalMs: 500, replicaPinMs: 0 });
  });

  test('refuses replicas without a primary, a bad replica URL (without echoing it) and an out-of-range timeout', () => {
    expect(problemsOf({ DATABASE_REPLICA_URLS: 'postgres://r1.internal/bulletin' })).toContain('DATABASE_REPLICA_URLS needs DATABASE_URL');
    const message = problemsOf({ DATABASE_URL: DB_URL, DATABASE_REPLICA_URLS: 'postgres://r1/b,mysql://u:Hidden-pass@r2/b', DB_ACQUIRE_TIMEOUT_MS: '50' });
    expect(message).toContain('DATABASE_REPLICA_URLS (entry 2) must be a postgres: or postgresql:// URL');
    expect(message).toContain('DB_ACQUIRE_TIMEOUT_MS must be an integer between 100 and 120000 (got "50")');
    expect(message).not.toContain('Hidden-pass');
  });

  test('has the production defaults of the query, request and overload limits', () => {
    const config = loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, DATABASE_URL: DB_URL, SITE_URL: 'https://tin.example.vn' });
    expect(config.queryLimits).toEqual({ maxDepth: 8, maxAliases: 15, maxDirectives: 50, maxTokensPublic: 1000, maxTokensStaff: 3000, maxDocumentLength: 15000, maxCost: 5000, maxCostStaff: 20000 });
    expect(config.requestLimits).toEqual({ requestTimeoutMs: 120000, maxHeaderBytes: 16384, statementTimeoutMs: 5000, writeStatementTimeoutMs: 30000 });
    expect(config.overload).toEqual({ maxEventLoopDelayMs: 1000, maxHeapUsedBytes: 0, maxPoolWaiting: 100, sampleIntervalMs: 1000, retryAfterSeconds: 5 });
    expect(config.metricsToken).toBeUndefined();
  });

  test('refuses limits that contradict each other and a short METRICS_TOKEN', () => {
    const problems = problemsOf({ GRAPHQL_MAX_TOKENS: '2000', GRAPHQL_MAX_TOKENS_STAFF: '1000', STATEMENT_TIMEOUT_MS: '9000', WRITE_STATEMENT_TIMEOUT_MS: '1000', METRICS_TOKEN: 'short', GRAPHQL_MAX_DEPTH: '0' });
    expect(problems).toContain('GRAPHQL_MAX_TOKENS_STAFF must not be lower than GRAPHQL_MAX_TOKENS');
    expect(problems).toContain('WRITE_STATEMENT_TIMEOUT_MS must not be lower than STATEMENT_TIMEOUT_MS');
    expect(problems).toContain('METRICS_TOKEN must be at least 16 characters');
    expect(problems).toContain('GRAPHQL_MAX_DEPTH must be an integer between 1 and 100 (got "0")');
    expect(problems).not.toContain('short');
  });

  test('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  test('reads process.env by default', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4321';
    try {
      expect(loadConfig().port).toBe(4321);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});

describe('webhook settings', () => {
  test('have defaults: the worker on outside tests, loopback refused', () => {
    expect(loadConfig({}).webhooks).toEqual({
      worker: true,
      pollIntervalMs: 1_000,
      maxAttempts: 8,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      timeoutMs: 10_000,
      maxResponseBytes: 65_536,
      allowLoopback: false,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.worker).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_WORKER: 'true' }).webhooks.worker).toBe(true);
  });

  test('refuse loopback receivers in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', APP_SECRET: SECRET, DATABASE_URL: DB_URL, WEBHOOK_ALLOW_LOOPBACK: 'true' })).toContain(
      'WEBHOOK_ALLOW_LOOPBACK cannot be true when NODE_ENV=production',
    );
    expect(loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhooks.allowLoopback).toBe(true);
  });

  test('refuse values out of range, and a maximum retry delay below the first', () => {
    const problems = problemsOf({ WEBHOOK_POLL_INTERVAL_MS: '5', WEBHOOK_MAX_ATTEMPTS: '0', WEBHOOK_TIMEOUT_MS: '999999', WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' });
    expect(problems).toContain('WEBHOOK_POLL_INTERVAL_MS must be an integer between 20 and 3600000 (got "5")');
    expect(problems).toContain('WEBHOOK_MAX_ATTEMPTS must be an integer between 1 and 50 (got "0")');
    expect(problems).toContain('WEBHOOK_TIMEOUT_MS must be an integer between 100 and 60000 (got "999999")');
    expect(problems).toContain('WEBHOOK_RETRY_MAX_MS must be at least WEBHOOK_RETRY_BASE_MS');
  });
});
