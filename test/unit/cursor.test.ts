import { createHmac, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { CursorCodec } from '../../src/shared/cursor';

const SECRET = 'unit-test-secret-unit-test-secret-0123';

function expectBadInput(fn: () => unknown, field: string, message?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(GraphQLError);
  expect((thrown as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  if (message) expect((thrown as GraphQLError).message).toMatch(message);
}

function flip(text: string, at: number): string {
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('CursorCodec', () => {
  const codec = new CursorCodec(SECRET);
  const id = randomUUID();

  test('round-trips the values of its kind', () => {
    const cursor = codec.encode('PUBLISHED_AT_DESC', ['2022-06-14 02:30:00.123456+00', id]);
    expect(codec.decode(cursor, 'PUBLISHED_AT_DESC', 'after')).toEqual(['2022-06-14 02:30:00.123456+00', id]);
  });

  test('round-trips numbers and Vietnamese text', () => {
    const cursor = codec.encode('RELEVANCE', [0.0607927, 'hiến máu', 3]);
    expect(codec.decode(cursor, 'RELEVANCE', 'after')).toEqual([0.0607927, 'hiến máu', 3]);
  });

  test('is opaque and URL-safe', () => {
    const cursor = codec.encode('PUBLISHED_AT_DESC', ['2022-06-14', id]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(cursor).not.toContain(id);
  });

  test('refuses every single-character change of the payload or the signature', () => {
    const cursor = codec.encode('PUBLISHED_AT_DESC', ['2022-06-14', id]);
    for (let at = 0; at < cursor.length; at += 1) {
      if (cursor[at] === '.') continue;
      expectBadInput(() => codec.decode(flip(cursor, at), 'PUBLISHED_AT_DESC', 'after'), 'after', /Invalid cursor/);
    }
  });

  test('refuses a cursor signed with another secret', () => {
    const other = new CursorCodec('another-secret-another-secret-0123456');
    expectBadInput(() => codec.decode(other.encode('PUBLISHED_AT_DESC', ['2022-06-14', id]), 'PUBLISHED_AT_DESC', 'before'), 'before');
  });

  test('refuses a cursor of another kind, saying so', () => {
    const cursor = codec.encode('PUBLISHED_AT_ASC', ['2022-06-14', id]);
    expectBadInput(() => codec.decode(cursor, 'PUBLISHED_AT_DESC', 'after'), 'after', /another ordering/);
  });

  test.each([
    ['empty', ''],
    ['no signature', 'eyJhIjoxfQ'],
    ['empty signature', 'eyJhIjoxfQ.'],
    ['three parts', 'a.b.c'],
    ['random base64', Buffer.from('hello world').toString('base64')],
    ['overlong', `${'a'.repeat(2000)}.${'b'.repeat(22)}`],
    ['non-ASCII', 'ünïcödé.ünïcödé'],
  ])('refuses a malformed cursor (%s)', (_name, cursor) => {
    expectBadInput(() => codec.decode(cursor, 'PUBLISHED_AT_DESC', 'after'), 'after', /Invalid cursor/);
  });

  describe('payloads signed with the right secret (as if the secret had leaked)', () => {
    // Mirrors the codec's signature, to reach the checks that run after it.
    const signed = (payload: string) => `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 22)}`;

    test('the mirror signs like the codec', () => {
      const cursor = codec.encode('K', ['v']);
      expect(signed(cursor.split('.')[0])).toBe(cursor);
    });

    test('refuses one that is not JSON', () => {
      expectBadInput(() => codec.decode(signed(Buffer.from('{not json').toString('base64url')), 'K', 'after'), 'after', /Invalid cursor/);
    });

    test('refuses JSON that is not a list', () => {
      expectBadInput(() => codec.decode(signed(Buffer.from('{"kind":"K"}').toString('base64url')), 'K', 'after'), 'after');
    });
  });
});
