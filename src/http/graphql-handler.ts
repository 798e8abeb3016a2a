import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../graphql/context';
import { MAX_DOCUMENT_NESTING, documentNesting } from '../graphql/input-guards';
import { codeForHttpStatus } from '../shared/error-codes';
import { HttpError, isJson, readBody } from './body';

/** Bridges Node's http request to Apollo's transport-neutral executeHTTPGraphQLRequest. */
export async function handleGraphQL(
  apollo: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  options: { maxBodyBytes: number; search: string; context: () => Promise<Context> },
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const raw = await readBody(req, options.maxBodyBytes);
    if (isJson(req.headers['content-type'])) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'Request body is not valid JSON');
      }
    } else {
      body = raw;
    }
  }
  assertNestingWithinLimit(req.method === 'POST' ? body : Object.fromEntries(new URLSearchParams(options.search)));
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: options.search, body },
    context: options.context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Refuses a document nested deeper than the parser's recursion can take, before Apollo parses it
 * (the engine would answer with its own "Maximum call stack size exceeded"). Batches are refused
 * by Apollo itself; anything that is not a string query is left to Apollo's own checks.
 */
function assertNestingWithinLimit(request: unknown): void {
  const query = (request as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') return;
  const nesting = documentNesting(query);
  if (nesting !== undefined && nesting > MAX_DOCUMENT_NESTING) {
    throw new HttpError(400, `The document nests braces, brackets or parentheses more than ${MAX_DOCUMENT_NESTING} levels deep`, 'GRAPHQL_PARSE_FAILED');
  }
}

/** Errors outside GraphQL execution (body too large, bad JSON) in the GraphQL response shape. */
export function sendHttpError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (error.status === 413) res.setHeader('connection', 'close');
  if (error.status === 401) res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code ?? codeForHttpStatus(error.status) } }] }));
}
