import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ResponseCacheHint } from '../shared/cache-hint';
import { isPersonal } from './cache-headers';

/** In-process entries at most (without Redis); each is one rendered response. */
const MEMORY_ENTRIES = 5_000;
/** A response larger than this is not kept (a huge page would push out many small ones). */
const MAX_CACHED_BYTES = 512 * 1024;
const KEY_PREFIX = 'bulletin:response:';

interface Entry {
  contentType: string;
  /** The answer's cache tags: a HIT carries the same Cache-Tag headers as the MISS that rendered it. */
  tags: string[];
  body: string;
}

interface Store {
  get(key: string): Promise<Entry | undefined>;
  set(key: string, entry: Entry, ttlMs: number): Promise<void>;
}

function memoryStore(ttlMs: number): Store {
  const entries = new LRUCache<string, Entry>({ max: MEMORY_ENTRIES, ttl: ttlMs });
  return {
    async get(key) {
      return entries.get(key);
    },
    async set(key, entry) {
      entries.set(key, entry);
    },
  };
}

/** Shared by every instance: a page rendered by one is served by all until it expires. */
function redisStore(redis: Redis): Store {
  return {
    async get(key) {
      const raw = await redis.get(KEY_PREFIX + key);
      if (raw === null) return undefined;
      // Content type and tags hold no newline (tags are ids and names of the cacheTags vocabulary).
      const first = raw.indexOf('\n');
      const second = raw.indexOf('\n', first + 1);
      const tags = raw.slice(first + 1, second);
      return { contentType: raw.slice(0, first), tags: tags === '' ? [] : tags.split(' '), body: raw.slice(second + 1) };
    },
    async set(key, entry, ttlMs) {
      await redis.set(KEY_PREFIX + key, `${entry.contentType}\n${entry.tags.join(' ')}\n${entry.body}`, 'PX', ttlMs);
    },
  };
}


declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the response cache may answer or keep this request (anonymous POST of JSON, or GET). */
    responseCacheKey?: string;
    responseCacheHint: ResponseCacheHint;
  }
}

export interface ResponseCache {
  /** preHandler of /graphql: answers from the cache when it can. */
  lookup(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** onSend of /graphql: keeps a successful anonymous query's answer. */
  keep(request: FastifyRequest, reply: FastifyReply, payload: unknown): void;
}

/**
 * A micro-cache of rendered GraphQL answers for anonymous readers, the traffic of a breaking-news
 * spike: every entry lives `ttlMs` (one second by default) and is then rendered again, so a
 * publish, an unpublish, an edit, a scheduled publication or a direct database change shows
 * within that time on every instance, with no invalidation to get wrong. Only anonymous POSTs
 * of JSON and anonymous GETs are looked up (a request with Authorization or X-Api-Key never is), and only
 * successful answers to queries are kept: a staff member's or a partner's response is never
 * served to anyone else, and a mutation is never skipped.
 */
export function createResponseCache(options: { ttlMs: number; redis?: Redis; log: Logger; namespace: string }): ResponseCache {
  const store = options.redis ? redisStore(options.redis) : memoryStore(options.ttlMs);
  const namespace = createHash('sha256').update(options.namespace).digest('base64url').slice(0, 16);
  const warn = (error: unknown) => options.log.warn({ err: error }, 'response cache unavailable');
  return {
    async lookup(request, reply) {
      if (!isCacheable(request)) return undefined;
      const key = `${namespace}:${cacheKey(request)}`;
      request.responseCacheKey = key;
      const entry = await store.get(key).catch((error: unknown) => warn(error));
      if (!entry) return undefined;
      // What the cached answer was made of, for the Cache-Control and Cache-Tag headers of this one.
      request.responseCacheHint.query = true;
      for (const tag of entry.tags) request.responseCacheHint.tags.add(tag);
      return reply.code(200).header('content-type', entry.contentType).header('x-cache', 'HIT').send(entry.body);
    },
    keep(request, reply, payload) {
      const key = request.responseCacheKey;
      if (key === undefined || !request.responseCacheHint.query || request.responseCacheHint.perVisitor || reply.statusCode !== 200 || reply.hasHeader('x-cache')) return;
      // Apollo writes errors first: an answer that starts with data has none.
      if (typeof payload !== 'string' || !payload.startsWith('{"data":') || payload.length > MAX_CACHED_BYTES) return;
      const contentType = String(reply.getHeader('content-type') ?? 'application/json');
      reply.header('x-cache', 'MISS');
      store.set(key, { contentType, tags: [...request.responseCacheHint.tags], body: payload }, options.ttlMs).catch(warn);
    },
  };
}

function isCacheable(request: FastifyRequest): boolean {
  if (isPersonal(request)) return false;
  if (request.method === 'GET') return request.url.includes('?');
  return request.method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/json') && typeof request.body === 'object' && request.body !== null;
}

/**
 * The answer depends on the document, its variables and the format asked for (Accept); the
 * namespace (the deployment: its database and public URL) keeps two deployments sharing a Redis apart.
 */
function cacheKey(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.headers.accept ?? '')
    .update('\n')
    // A GET's document is its query string; a POST's, its body (the two never share an entry).
    .update(request.method === 'GET' ? `GET ${request.url.slice(request.url.indexOf('?'))}` : JSON.stringify(request.body))
    .digest('base64url');
}
