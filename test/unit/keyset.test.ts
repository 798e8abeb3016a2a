import { pageFlags } from '../../src/shared/connection';
import { keyColumn, keysetCondition, readCursorValues, splitKeyColumns, type KeysetKey } from '../../src/shared/keyset';
import { badInputField } from '../helpers/expect-graphql';

const KEYS: KeysetKey[] = [
  { sql: 'm.created_at', cast: 'timestamptz' },
  { sql: 'm.id', cast: 'uuid' },
];
const ID = '0b8c7c8e-6f3a-4d0e-9d1e-2f5a1c3b4d5e';

describe('keysetCondition', () => {
  test('compares the row of keys with the cursor, casting each value, in the direction read', () => {
    expect(keysetCondition(KEYS, true)).toBe('(m.created_at, m.id) < (?::timestamptz, ?::uuid)');
    expect(keysetCondition(KEYS, false)).toBe('(m.created_at, m.id) > (?::timestamptz, ?::uuid)');
    expect(keysetCondition([{ sql: 'u.slug', cast: 'text' }], false)).toBe('(u.slug) > (?::text)');
  });
});

describe('splitKeyColumns', () => {
  test('takes the key columns out of a row, in key order, leaving the node', () => {
    const row = { id: ID, title: 'x', [keyColumn(1)]: ID, [keyColumn(0)]: '2024-01-01 00:00:00.123456+00' };
    expect(splitKeyColumns(row)).toEqual({ node: { id: ID, title: 'x' }, keys: ['2024-01-01 00:00:00.123456+00', ID] });
  });
});

describe('readCursorValues', () => {
  test('accepts one text value per key', () => {
    expect(readCursorValues(['2024-01-01 00:00:00+00', ID], KEYS, 'after')).toEqual(['2024-01-01 00:00:00+00', ID]);
  });

  test('refuses a cursor of another shape, naming the argument', () => {
    expect(badInputField(() => readCursorValues(['2024-01-01'], KEYS, 'after'))).toBe('after');
    expect(badInputField(() => readCursorValues(['2024-01-01', ID, 'x'], KEYS, 'before'))).toBe('before');
    expect(badInputField(() => readCursorValues([5, ID], KEYS, 'after'))).toBe('after');
    expect(badInputField(() => readCursorValues(['2024-01-01', 'not-a-uuid'], KEYS, 'before'))).toBe('before');
  });
});

describe('pageFlags', () => {
  test('forward: more rows mean a next page; a cursor means a previous one', () => {
    expect(pageFlags({ backward: false, cursor: null }, true)).toEqual({ hasNextPage: true, hasPreviousPage: false });
    expect(pageFlags({ backward: false, cursor: 'c' }, false)).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  test('backward: more rows mean a previous page; a cursor means a next one', () => {
    expect(pageFlags({ backward: true, cursor: null }, true)).toEqual({ hasNextPage: false, hasPreviousPage: true });
    expect(pageFlags({ backward: true, cursor: 'c' }, false)).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });
});
