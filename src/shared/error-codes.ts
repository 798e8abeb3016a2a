/**
 * Every error code a client can see (extensions.code, in GraphQL answers and in the JSON errors of
 * plain HTTP routes), with:
 * - `status`: what an HTTP route of ours answers with it (GraphQL execution errors stay 200, and
 *   Apollo sets its own statuses for its request-level codes, the same as these);
 * - `clientSafe`: its messages were written for clients, so formatError lets them through.
 * Where a route answers a status without naming a code, the first code listed with that status is used.
 */
export const ERROR_CODES = {
  // Ours (AppError and its subclasses).
  BAD_USER_INPUT: { status: 422, clientSafe: true },
  UNAUTHENTICATED: { status: 401, clientSafe: true },
  FORBIDDEN: { status: 403, clientSafe: true },
  NOT_FOUND: { status: 404, clientSafe: true },
  CONFLICT: { status: 409, clientSafe: true },
  RATE_LIMITED: { status: 429, clientSafe: true },
  // A malformed request (bad JSON, a malformed upload); also Apollo's.
  BAD_REQUEST: { status: 400, clientSafe: true },
  // Apollo's request-level codes.
  GRAPHQL_PARSE_FAILED: { status: 400, clientSafe: true },
  GRAPHQL_VALIDATION_FAILED: { status: 400, clientSafe: true },
  OPERATION_RESOLUTION_FAILURE: { status: 400, clientSafe: true },
  PERSISTED_QUERY_NOT_FOUND: { status: 200, clientSafe: true },
  PERSISTED_QUERY_NOT_SUPPORTED: { status: 200, clientSafe: true },
  // Overload protection: the instance refuses new work for a moment (Retry-After says how long).
  SERVICE_UNAVAILABLE: { status: 503, clientSafe: true },
  // Plain HTTP routes only (uploads, bodies): never raised in GraphQL execution, so masked there.
  PAYLOAD_TOO_LARGE: { status: 413, clientSafe: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, clientSafe: false },
  // The database is unreachable or the pool is exhausted: retry later (Retry-After). Written by us, safe to show.
  // A bug: the message is masked, the request id given.
  INTERNAL_SERVER_ERROR: { status: 500, clientSafe: false },
} as const satisfies Record<string, { status: number; clientSafe: boolean }>;

export type KnownErrorCode = keyof typeof ERROR_CODES;

/** The codes thrown by our own typed errors (AppError). */
export type ErrorCode = Extract<KnownErrorCode, 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED'>;

const CODES = Object.keys(ERROR_CODES) as KnownErrorCode[];

export function httpStatusOf(code: KnownErrorCode): number {
  return ERROR_CODES[code].status;
}

export function isClientSafeCode(code: unknown): code is KnownErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) && ERROR_CODES[code as KnownErrorCode].clientSafe;
}

/** The code an HTTP answer of `status` carries when none is named; BAD_REQUEST for any other status. */
export function codeForHttpStatus(status: number): KnownErrorCode {
  return CODES.find((code) => ERROR_CODES[code].status === status) ?? 'BAD_REQUEST';
}
