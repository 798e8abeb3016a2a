import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { isApiKey, isSignedIn } from '../modules/identity';
import { emptyCacheHint } from '../shared/cache-hint';

/**
 * Cache tags as the CDNs read them: `Cache-Tag` (Cloudflare, Akamai: comma-separated) and
 * `Surrogate-Key` (Fastly: space-separated). A purge by one of these tags drops every response holding it.
 */
export function cacheTagHeaders(tags: Iterable<string>): Record<string, string> {
  const list = [...tags];
  return list.length === 0 ? {} : { 'cache-tag': list.join(','), 'surrogate-key': list.join(' ') };
}

/** preHandler of /graphql: every request starts with an empty hint, which execution fills in. */
export async function startCacheHint(request: FastifyRequest): Promise<void> {
  request.responseCacheHint = emptyCacheHint();
}

/** Whether the answer is someone's own: a session or an API key was sent (or could have been), or a field said so. */
export function isPersonal(request: FastifyRequest): boolean {
  const { headers, viewer } = request;
  return (
    viewer == null ||
    isSignedIn(viewer) ||
    isApiKey(viewer) ||
    headers.authorization !== undefined ||
    headers['x-api-key'] !== undefined ||
    request.responseCacheHint?.perVisitor === true
  );
}

/**
 * onSend of /graphql: the HTTP caching of an answer, from what executing it found.
 * - anything read with a session or an API key, or holding a per-visitor field: `private, no-store`;
 * - a mutation, an error, or anything but a 200: `no-store`;
 * - an anonymous query's successful answer: `public, max-age, stale-while-revalidate` and its cache tags.
 * The answer varies only on Accept (the format Apollo negotiates); Authorization makes it private,
 * so no shared cache keys on it.
 */
export function graphqlCacheHeaders(config: Config): (request: FastifyRequest, reply: FastifyReply, payload: unknown) => void {
  const { maxAgeSeconds, staleSeconds } = config.publicCache;
  const publicPolicy = `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${staleSeconds}`;
  return (request, reply, payload) => {
    // Pages the route serves itself (the IDE, HTML) say their own; GraphQL answers get ours.
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) return;
    if (isPersonal(request)) {
      reply.header('cache-control', 'private, no-store');
      return;
    }
    const hint = request.responseCacheHint;
    // Apollo writes errors first: an answer that starts with data has none.
    const succeeded = reply.statusCode === 200 && typeof payload === 'string' && payload.startsWith('{"data":');
    if (!hint?.query || !succeeded) {
      reply.header('cache-control', 'no-store');
      return;
    }
    reply.header('cache-control', publicPolicy).headers(cacheTagHeaders(hint.tags));
  };
}
