import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { QueryLimits } from '../config';
import { checkDocumentText } from '../graphql/document-limits';
import { MAX_DOCUMENT_NESTING, documentNesting } from '../graphql/input-guards';
import type { OnLimitRefused } from '../graphql/query-limits';
import { HttpError, isJson } from './body';

/**
 * The /graphql body as Apollo wants it: JSON parsed when the content type says JSON, any other
 * body passed on as text for Apollo to refuse in its own words (the GraphQL-over-HTTP audit checks them).
 */
export function parseGraphQLBody(contentType: string | undefined, raw: string): unknown {
  if (!isJson(contentType)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/**
 * The checks on a document's text, before Apollo parses it. A preHandler of the /graphql route:
 * the body is parsed and the viewer known, Apollo has not run (and the response cache has not
 * looked, so a refusal is never answered from it).
 * - Nesting deeper than the parser's recursion can take (the engine would answer with its own
 *   "Maximum call stack size exceeded"): GRAPHQL_PARSE_FAILED.
 * - Length and tokens (document-limits.ts): BAD_USER_INPUT naming the limit.
 * Batches are refused by Apollo itself; anything that is not a string query is left to Apollo's own checks.
 */
/** Where Apollo keeps automatic persisted queries: the guard reads a hash-only request's text from it. */
export interface PersistedQueryTexts {
  get(key: string): Promise<string | undefined>;
}

/** Apollo stores each persisted query under this prefix (APQ_CACHE_PREFIX in @apollo/server). */
const PERSISTED_QUERY_PREFIX = 'apq:';

export function documentTextGuard(limits: QueryLimits, onRefused: OnLimitRefused, persisted: PersistedQueryTexts): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const params = request.method === 'POST' ? request.body : Object.fromEntries(new URLSearchParams(searchOf(request.url)));
    const query = await documentText(params, persisted);
    if (query === undefined) return;
    const nesting = documentNesting(query);
    if (nesting !== undefined && nesting > MAX_DOCUMENT_NESTING) {
      throw new HttpError(400, `The document nests braces, brackets or parentheses more than ${MAX_DOCUMENT_NESTING} levels deep`, 'GRAPHQL_PARSE_FAILED');
    }
    const refusal = checkDocumentText(query, request.viewer, limits);
    if (refusal) {
      onRefused(refusal.limit);
      throw new HttpError(400, refusal.message, 'BAD_USER_INPUT', { limit: refusal.limit, max: refusal.max });
    }
  };
}

/**
 * The text a request runs: its own, or (a persisted query sent as its hash alone) the text stored
 * under the hash. A stored text passed these checks for whoever sent it first, but the token limit
 * depends on the viewer: a staff member's long document must not run for an anonymous caller by
 * its hash. An unknown hash is left to Apollo (PERSISTED_QUERY_NOT_FOUND).
 */
async function documentText(params: unknown, persisted: PersistedQueryTexts): Promise<string | undefined> {
  const { query, extensions } = (params ?? {}) as { query?: unknown; extensions?: unknown };
  if (typeof query === 'string') return query;
  const hash = persistedQueryHash(extensions);
  return hash === undefined ? undefined : persisted.get(PERSISTED_QUERY_PREFIX + hash);
}

function persistedQueryHash(extensions: unknown): string | undefined {
  let value = extensions;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  const hash = (value as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' && /^[0-9a-f]{64}$/i.test(hash) ? hash : undefined;
}

function searchOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at);
}
