import { UniqueConstraintViolationException } from '@mikro-orm/core';

/**
 * The PostgreSQL error codes (SQLSTATE) the code reacts to, and one predicate per reaction. A
 * driver error (pg) and MikroORM's wrapper of it (which copies its fields) both carry `code`.
 */
export const PG_ERROR = {
  UNIQUE_VIOLATION: '23505',
  /** Text PostgreSQL cannot store, such as U+0000. */
  CHARACTER_NOT_IN_REPERTOIRE: '22021',
  DATETIME_FIELD_OVERFLOW: '22008',
  NUMERIC_VALUE_OUT_OF_RANGE: '22003',
  INVALID_DATETIME_FORMAT: '22007',
  INVALID_TEXT_REPRESENTATION: '22P02',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  /** statement_timeout ran out (or the statement was cancelled). */
  QUERY_CANCELED: '57014',
} as const;

/** The value PostgreSQL was given cannot be read as its type, or lies outside its range. */
const INVALID_VALUE: readonly string[] = [
  PG_ERROR.INVALID_DATETIME_FORMAT,
  PG_ERROR.DATETIME_FIELD_OVERFLOW,
  PG_ERROR.INVALID_TEXT_REPRESENTATION,
  PG_ERROR.NUMERIC_VALUE_OUT_OF_RANGE,
  PG_ERROR.CHARACTER_NOT_IN_REPERTOIRE,
];

export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Two writers raced for the same unique value; `constraint` narrows it to one unique index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const unique = error instanceof UniqueConstraintViolationException || pgErrorCode(error) === PG_ERROR.UNIQUE_VIOLATION || (error as Error | null)?.name === 'UniqueConstraintViolationException';
  return unique && (constraint === undefined || (error as { constraint?: string }).constraint === constraint);
}

/** A statement stopped by statement_timeout: the request asked more of the database than it allows. */
export function isStatementTimeout(error: unknown): boolean {
  return pgErrorCode(error) === PG_ERROR.QUERY_CANCELED;
}

export function isInvalidValue(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code !== undefined && INVALID_VALUE.includes(code);
}

/** PostgreSQL rolled the transaction back to break a conflict with another one: nothing of it was written. */
export function isTransactionConflict(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === PG_ERROR.SERIALIZATION_FAILURE || code === PG_ERROR.DEADLOCK_DETECTED;
}

/** SQLSTATE classes and codes that mean "the database cannot serve you now", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATES: readonly string[] = [
  '57P01', // admin_shutdown: the server is stopping (a restart, a failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, or recovering
  '53300', // too_many_connections
];
/** Socket-level failures the pg driver reports with a Node error code. */
const UNAVAILABLE_SOCKET_CODES: readonly string[] = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'];
/**
 * What pg and knex say, without a code, when a connection dies or none can be had in time. knex
 * ends a transaction whose connection died, and the transaction's next statement then fails with
 * "Transaction query already complete": seen only after such a loss.
 */
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|Timeout acquiring a connection|Connection ended unexpectedly|Transaction query already complete/;

/**
 * The database is unreachable, restarting, or the pool had no connection within its acquire
 * timeout: the request can be retried later (503), it was not the client's fault nor a bug.
 * Follows MikroORM's and knex's wrappers (`cause`, `previous`, `nativeError`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  // Duck-typed, not `instanceof Error`: socket errors come from Node's own realm (and knex rethrows
  // some as plain objects), which `instanceof` in another realm (a jest sandbox) does not recognise.
  for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = causeOf(current)) {
    seen.add(current);
    const { name, message } = current as { name?: unknown; message?: unknown };
    const code = pgErrorCode(current);
    if (code !== undefined && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.includes(code) || UNAVAILABLE_SOCKET_CODES.includes(code))) return true;
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

function causeOf(error: object): unknown {
  // graphql-js wraps a thrown non-Error in NonErrorThrown, keeping it as `thrownValue`.
  const wrapped = error as { cause?: unknown; previous?: unknown; nativeError?: unknown; thrownValue?: unknown };
  return wrapped.cause ?? wrapped.previous ?? wrapped.nativeError ?? wrapped.thrownValue;
}
