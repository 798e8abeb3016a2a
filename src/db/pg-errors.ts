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
