import type { FastifyRequest } from 'fastify';
import { MAX_DOCUMENT_NESTING, documentNesting } from '../graphql/input-guards';
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
 * Refuses a document nested deeper than the parser's recursion can take, before Apollo parses it
 * (the engine would answer with its own "Maximum call stack size exceeded"). Batches are refused
 * by Apollo itself; anything that is not a string query is left to Apollo's own checks.
 * A preHandler of the /graphql route: the body is parsed, Apollo has not run.
 */
export async function assertNestingWithinLimit(request: FastifyRequest): Promise<void> {
  const params = request.method === 'POST' ? request.body : Object.fromEntries(new URLSearchParams(searchOf(request.url)));
  const query = (params as { query?: unknown } | null | undefined)?.query;
  if (typeof query !== 'string') return;
  const nesting = documentNesting(query);
  if (nesting !== undefined && nesting > MAX_DOCUMENT_NESTING) {
    throw new HttpError(400, `The document nests braces, brackets or parentheses more than ${MAX_DOCUMENT_NESTING} levels deep`, 'GRAPHQL_PARSE_FAILED');
  }
}

function searchOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at);
}
