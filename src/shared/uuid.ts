import { BadInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Validates an ID argument before it reaches SQL (a malformed UUID would otherwise be a database error). */
export function assertUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new BadInputError(`"${field}" is not a valid ID`, field);
  return value.toLowerCase();
}
