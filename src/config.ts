import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  readonly env: NodeEnv;
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  /** External PostgreSQL; when undefined the embedded cluster under dataDir is used. */
  readonly databaseUrl: string | undefined;
  readonly dbPoolMax: number;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly mediaDir: string;
  /** MEDIA_ALLOW_SVG: accept SVG uploads, sanitized to an allowlist of drawing elements; refused (415) when false. */
  readonly mediaAllowSvg: boolean;
  /** Base URL that clients use to reach this server; media URLs are built from it. */
  readonly publicUrl: string;
  /** Signs pagination cursors (and later tokens). Must be shared by all instances. */
  readonly appSecret: string;
  readonly logLevel: string;
  readonly logPretty: boolean;
  readonly introspection: boolean;
  readonly ide: boolean;
  readonly seedOnEmpty: boolean;
  readonly maxBodyBytes: number;
  readonly redisUrl: string | undefined;
  readonly timezone: string;
  /** Use X-Forwarded-For for the client address (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
  /** Browser origins allowed to call the API cross-site (exact `scheme://host[:port]`); empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
  readonly bcryptCost: number;
  /** A session ends after this long without a request… */
  readonly sessionIdleMinutes: number;
  /** …and after this long in any case. */
  readonly sessionAbsoluteHours: number;
  /** Failed logins allowed per account and per client address within the window. */
  readonly loginMaxFailures: number;
  readonly loginWindowMinutes: number;
  /** How often each instance looks for scheduled articles whose time has come. */
  readonly schedulerIntervalMs: number;
  /** Requests per minute one client address may make without credentials; 0: no limit. */
  readonly anonymousRateLimitPerMinute: number;
  /** One visitor counts once per article within this many seconds. */
  readonly viewDedupeWindowSeconds: number;
  /** How long a view waits for others to share its database write (group commit). */
  readonly viewBatchMs: number;
  /** Anonymous query answers are reused for this long (shared through Redis when set); 0: off. */
  readonly responseCacheTtlMs: number;
  /** Category lookups by id or slug read an in-memory copy of the table at most this old; 0: off. */
  readonly categoryCacheTtlMs: number;
  /** Ad serving tokens (impression beacons, click URLs) are accepted this long after the serving. */
  readonly adTokenTtlSeconds: number;
  /** Servings gather this long before their "served" counts are written in one statement. */
  readonly adServedBatchMs: number;
  readonly media: MediaConfig;
  readonly webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** Run the delivery worker in this instance (every instance may: they never send one delivery twice). */
  readonly worker: boolean;
  /** How often the worker looks for due deliveries. */
  readonly pollIntervalMs: number;
  /** Attempts per delivery before it is FAILED. */
  readonly maxAttempts: number;
  /** The first retry waits about this long; each next one twice as long (with jitter), up to retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** One attempt (each redirect hop) may take this long, connection to last byte read. */
  readonly timeoutMs: number;
  /** At most this much of an answer is read; the rest is dropped with the connection. */
  readonly maxResponseBytes: number;
  /** Allow loopback receivers (127.0.0.0/8, ::1): for tests and local development, never production. */
  readonly allowLoopback: boolean;
}

export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  /** For S3-compatible services (MinIO, R2, …); AWS itself when undefined. */
  readonly endpoint: string | undefined;
  /** Both or neither; neither = the SDK's default credential chain (instance role, AWS_* variables). */
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  readonly forcePathStyle: boolean;
}

export interface MediaConfig {
  /** Where media bytes live: `mediaDir` (local) or an S3 bucket (`s3`). Uploads are staged in `mediaDir`/.tmp either way. */
  readonly storage: 'local' | 's3';
  readonly s3: S3Config | undefined;
  /** Largest accepted upload, in bytes. */
  readonly maxBytes: number;
  /** Largest accepted image, in pixels (width × height × frames): stops decompression bombs from the header. */
  readonly maxPixels: number;
  /** Image jobs (upload processing, variants) running at once per instance. */
  readonly imageConcurrency: number;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** CORS_ORIGINS: comma-separated exact origins. Each must be an http(s) origin and nothing more (no path, no wildcard). */
function readOrigins(value: string | undefined, problems: string[]): readonly string[] {
  const origins = (value ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== origin) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://www.example.com (scheme, host and optional port; no path or trailing slash)`);
    }
  }
  return Object.freeze(origins);
}

/** Reads and validates the environment once. Throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development') as NodeEnv;
  const isProduction = nodeEnv === 'production';
  const port = read.int('PORT', 4000, 0, 65535);
  const dataDir = path.resolve(read.string('DATA_DIR') ?? './data');
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = read.url('REDIS_URL', ['redis:', 'rediss:']);

  let appSecret = read.string('APP_SECRET');
  if (appSecret !== undefined && appSecret.length < 32) problems.push('APP_SECRET must be at least 32 characters');
  if (appSecret === undefined) {
    // CASE: production instances must share one secret; a random one would break cursors across instances.
    if (isProduction) problems.push('APP_SECRET is required when NODE_ENV=production');
    appSecret = randomBytes(32).toString('hex');
  }
  if (isProduction && databaseUrl === undefined) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
  }

  const config: Config = {
    env: nodeEnv,
    isProduction,
    host: read.string('HOST') ?? '0.0.0.0',
    port,
    databaseUrl,
    dbPoolMax: read.int('DB_POOL_MAX', 10, 1, 500),
    dataDir,
    embeddedPgPort: read.int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    mediaDir: path.resolve(read.string('MEDIA_DIR') ?? path.join(dataDir, 'media')),
    mediaAllowSvg: read.bool('MEDIA_ALLOW_SVG', false),
    publicUrl: (read.url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    appSecret,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], nodeEnv === 'test' ? 'silent' : 'info'),
    logPretty: read.bool('LOG_PRETTY', nodeEnv === 'development'),
    introspection: read.bool('GRAPHQL_INTROSPECTION', !isProduction),
    ide: read.bool('GRAPHQL_IDE', !isProduction),
    // Sample content is for trying Bulletin out; a production database starts empty unless asked.
    seedOnEmpty: read.bool('SEED_ON_EMPTY', !isProduction),
    maxBodyBytes: read.int('MAX_BODY_BYTES', 1_000_000, 1_000, 100_000_000),
    redisUrl,
    timezone: read.string('NEWSROOM_TIMEZONE') ?? 'Asia/Ho_Chi_Minh',
    trustProxy: read.bool('TRUST_PROXY', false),
    corsOrigins: readOrigins(read.string('CORS_ORIGINS'), problems),
    bcryptCost: read.int('BCRYPT_COST', nodeEnv === 'test' ? 4 : 12, 4, 15),
    sessionIdleMinutes: read.int('SESSION_IDLE_MINUTES', 60 * 24, 1, 60 * 24 * 90),
    sessionAbsoluteHours: read.int('SESSION_ABSOLUTE_HOURS', 24 * 30, 1, 24 * 365),
    loginMaxFailures: read.int('LOGIN_MAX_FAILURES', 10, 1, 1000),
    loginWindowMinutes: read.int('LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    schedulerIntervalMs: read.int('SCHEDULER_INTERVAL_MS', 5_000, 100, 3_600_000),
    anonymousRateLimitPerMinute: read.int('ANONYMOUS_RATE_LIMIT_PER_MINUTE', 0, 0, 1_000_000),
    viewDedupeWindowSeconds: read.int('VIEW_DEDUPE_WINDOW_SECONDS', 1800, 1, 7 * 24 * 3600),
    viewBatchMs: read.int('VIEW_BATCH_MS', 5, 0, 60_000),
    // Off in tests: they read their own writes at once.
    responseCacheTtlMs: read.int('RESPONSE_CACHE_TTL_MS', nodeEnv === 'test' ? 0 : 1000, 0, 60_000),
    categoryCacheTtlMs: read.int('CATEGORY_CACHE_TTL_MS', nodeEnv === 'test' ? 0 : 1000, 0, 60_000),
    adTokenTtlSeconds: read.int('AD_TOKEN_TTL_SECONDS', 24 * 3600, 60, 7 * 24 * 3600),
    adServedBatchMs: read.int('AD_SERVED_BATCH_MS', 1000, 0, 60_000),
    media: readMediaConfig(read, problems),
    webhooks: readWebhookConfig(read, problems, nodeEnv),
  };
  if (!isValidTimezone(config.timezone)) problems.push(`NEWSROOM_TIMEZONE "${config.timezone}" is not a known IANA time zone`);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function readMediaConfig(read: EnvReader, problems: string[]): MediaConfig {
  const storage = read.oneOf('MEDIA_STORAGE', ['local', 's3'], 'local') as MediaConfig['storage'];
  let s3: S3Config | undefined;
  if (storage === 's3') {
    const bucket = read.string('S3_BUCKET');
    const region = read.string('S3_REGION');
    const accessKeyId = read.string('S3_ACCESS_KEY_ID');
    const secretAccessKey = read.string('S3_SECRET_ACCESS_KEY');
    if (bucket === undefined) problems.push('S3_BUCKET is required when MEDIA_STORAGE=s3');
    if (region === undefined) problems.push('S3_REGION is required when MEDIA_STORAGE=s3');
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (set both, or neither for the default AWS credential chain)');
    }
    s3 = Object.freeze({
      bucket: bucket ?? '',
      region: region ?? '',
      endpoint: read.url('S3_ENDPOINT', ['http:', 'https:']),
      accessKeyId,
      secretAccessKey,
      forcePathStyle: read.bool('S3_FORCE_PATH_STYLE', false),
    });
  }
  return Object.freeze({
    storage,
    s3,
    maxBytes: read.int('MEDIA_MAX_BYTES', 10 * 1024 * 1024, 1_000, 1_000_000_000),
    maxPixels: read.int('MEDIA_MAX_PIXELS', 40_000_000, 10_000, 268_402_689),
    imageConcurrency: read.int('MEDIA_IMAGE_CONCURRENCY', 2, 1, 64),
  });
}

function readWebhookConfig(read: EnvReader, problems: string[], nodeEnv: NodeEnv): WebhookConfig {
  const allowLoopback = read.bool('WEBHOOK_ALLOW_LOOPBACK', false);
  // CASE: in production a loopback receiver is the server itself or its neighbours: the SSRF the guard exists to stop.
  if (allowLoopback && nodeEnv === 'production') problems.push('WEBHOOK_ALLOW_LOOPBACK cannot be true when NODE_ENV=production');
  const retryBaseMs = read.int('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000);
  const retryMaxMs = read.int('WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000);
  if (retryMaxMs < retryBaseMs) problems.push('WEBHOOK_RETRY_MAX_MS must be at least WEBHOOK_RETRY_BASE_MS');
  return Object.freeze({
    // Off in tests unless a test asks: most never write a webhook, and a poll per harness costs CPU.
    worker: read.bool('WEBHOOK_WORKER', nodeEnv !== 'test'),
    pollIntervalMs: read.int('WEBHOOK_POLL_INTERVAL_MS', 1_000, 20, 3_600_000),
    maxAttempts: read.int('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    retryBaseMs,
    retryMaxMs,
    timeoutMs: read.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    maxResponseBytes: read.int('WEBHOOK_MAX_RESPONSE_BYTES', 65_536, 0, 10_485_760),
    allowLoopback,
  });
}

function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

class EnvReader {
  constructor(private readonly env: Env, private readonly problems: string[]) {}

  string(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf(name: string, allowed: string[], fallback: string): string {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      // Never echo the value: URLs carry passwords.
      this.problems.push(`${name} must be a ${protocols.join(' or ')}// URL`);
      return undefined;
    }
  }
}
