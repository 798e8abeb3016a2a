import bcrypt from 'bcrypt';
import { BadInputError } from '../../shared/errors';

export const PASSWORD_MIN_BYTES = 10;
/** bcrypt reads at most 72 bytes: longer passwords are refused, never silently truncated. */
export const PASSWORD_MAX_BYTES = 72;
/** The rule as the API describes it: bytes, not characters, because bcrypt's limit is in bytes. */
export const PASSWORD_RULE = `${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes in UTF-8`;

/** NFC first, so the same Vietnamese password typed on different systems gives the same bytes. */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export function assertPasswordAcceptable(password: string, field: string): string {
  const normalized = normalizePassword(password);
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) throw new BadInputError(`The password must be at least ${PASSWORD_MIN_BYTES} bytes long`, field);
  if (bytes > PASSWORD_MAX_BYTES) {
    throw new BadInputError(`The password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (this one is ${bytes}); accented letters count as 2–3 bytes`, field);
  }
  return normalized;
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(normalizePassword(password), cost);
}

/** Compares in constant time for a given hash; over-long input is simply a mismatch. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  if (Buffer.byteLength(normalized, 'utf8') > PASSWORD_MAX_BYTES) return false;
  return bcrypt.compare(normalized, hash);
}
