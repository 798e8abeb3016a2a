import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadInputError } from './errors';

/**
 * Opaque keyset cursors: base64url(JSON payload) + "." + HMAC. The signature makes a forged or
 * edited cursor a clean BAD_USER_INPUT instead of an arbitrary position (or a crash).
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(kind: string, values: readonly (string | number)[]): string {
    const payload = Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** Returns the key values, checked against the expected kind (the ordering the cursor was made for). */
  decode(cursor: string, kind: string, argument: string): (string | number)[] {
    const invalid = () => new BadInputError(`Invalid cursor in "${argument}"`, argument);
    if (cursor.length > 1024) throw invalid();
    const [payload, signature, ...rest] = cursor.split('.');
    if (!payload || !signature || rest.length > 0) throw invalid();
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!Array.isArray(parsed) || parsed[0] !== kind) {
      throw new BadInputError(`The cursor in "${argument}" belongs to another ordering or list`, argument);
    }
    return parsed.slice(1) as (string | number)[];
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}
