import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, isStatementTimeout, isUniqueViolation } from '../db/pg-errors';
import { isClientSafeCode } from '../shared/error-codes';
import type { Context } from './context';

export const INTERNAL_MESSAGE = 'Internal server error';
export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable: retry shortly';
/** What a client is told to wait before retrying while the database is away (a restart takes seconds). */
export const RETRY_AFTER_SECONDS = 2;

export function isClientError(formatted: GraphQLFormattedError, original: unknown): boolean {
  const code = formatted.extensions?.code;
  if (!isClientSafeCode(code)) return false;
  // A GraphQLError thrown by our code or graphql-js itself; anything else claiming a code is not trusted.
  return original instanceof GraphQLError || unwrapResolverError(original) instanceof GraphQLError;
}

/** Clients never see SQL, stack traces or internal messages: those go to the log with the request id. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // PostgreSQL unique violations surface as CONFLICT: two writers raced for the same slug or email.
  if (isUniqueViolation(original)) {
    return { message: 'This value is already taken', path: formatted.path, extensions: { code: 'CONFLICT' } };
  }
  // CASE: the database is restarting or the pool is exhausted: a retryable 503, not a bug (500).
  if (isDatabaseUnavailable(original)) {
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS } };
  }
  // CASE: the database stopped a statement at STATEMENT_TIMEOUT_MS: the server is too busy (or the
  // request too heavy) right now; logged with the request id, retryable, not a bug.
  if (isStatementTimeout(original)) {
    return { message: 'The database took too long to answer; retry in a moment', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS } };
  }
  if (isClientError(formatted, error)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // CASE: a scalar refusing a literal (a date out of range) is wrapped by validation; the
    // client gets the scalar's own code, as it does for the same value sent as a variable.
    const inner = innermostGraphQLError(error);
    if (inner?.extensions?.code === 'BAD_USER_INPUT') extensions.code = 'BAD_USER_INPUT';
    // CASE: the parser failed on something other than syntax (an engine limit): never show its message.
    if (extensions.code === 'GRAPHQL_PARSE_FAILED' && hasNonGraphQLCause(error)) {
      return { message: 'The document could not be parsed', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    }
    return { ...formatted, extensions };
  }
  // CASE: Apollo refuses some requests itself with a status and no code (an APQ hash that does not
  // match its query): the client's mistake, in Apollo's own words.
  if (original instanceof GraphQLError && formatted.path === undefined && isClientStatus(original.extensions?.http)) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function isClientStatus(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function innermostGraphQLError(error: unknown): GraphQLError | undefined {
  let found: GraphQLError | undefined;
  for (let current = error; current instanceof GraphQLError; current = current.originalError) found = current;
  return found;
}

function hasNonGraphQLCause(error: unknown): boolean {
  let current: unknown = error;
  while (current instanceof GraphQLError) current = current.originalError;
  return current instanceof Error;
}

/** Logs unexpected errors with the request id, and gives masked errors that id so a report can be traced. */
export const errorLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          if (original instanceof GraphQLError && isClientSafeCode(original.extensions?.code)) continue;
          if (isUniqueViolation(original)) continue;
          if (isDatabaseUnavailable(original)) {
            contextValue.log.warn({ err: original, path: error.path }, 'database unavailable during a GraphQL request');
            continue;
          }
          if (!(original instanceof GraphQLError) || !original.extensions?.code) {
            contextValue.log.error({ err: original, path: error.path }, 'unexpected error in a GraphQL request');
          }
        }
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single') return;
        const errors = response.body.singleResult.errors ?? [];
        // A load balancer or client retries a 503 with Retry-After; a 200 with errors it would not.
        if (errors.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        }
        for (const error of errors) {
          if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        }
      },
    };
  },
};
