import { groupByKeys, orderByKeys } from '../../src/shared/ordered';

interface Row {
  id: string;
  parentId: string;
  name: string;
}

const rows: Row[] = [
  { id: 'c', parentId: 'p2', name: 'C' },
  { id: 'a', parentId: 'p1', name: 'A' },
  { id: 'b', parentId: 'p1', name: 'B' },
];

describe('orderByKeys', () => {
  test('returns one entry per key, in key order, whatever the row order', () => {
    expect(orderByKeys(['b', 'c', 'a'], rows, (r) => r.id).map((r) => r?.name)).toEqual(['B', 'C', 'A']);
  });

  test('puts null where no row matched', () => {
    expect(orderByKeys(['a', 'missing', 'c'], rows, (r) => r.id).map((r) => r?.name ?? null)).toEqual(['A', null, 'C']);
  });

  test('answers repeated keys with the same row', () => {
    const result = orderByKeys(['a', 'a'], rows, (r) => r.id);
    expect(result).toHaveLength(2);
    expect(result[0]).toBe(result[1]);
  });

  test('handles no keys and no rows', () => {
    expect(orderByKeys([], rows, (r) => r.id)).toEqual([]);
    expect(orderByKeys(['a'], [], (r: Row) => r.id)).toEqual([null]);
  });
});

describe('groupByKeys', () => {
  test('groups rows per key, in key order, keeping row order inside a group', () => {
    expect(groupByKeys(['p2', 'p1'], rows, (r) => r.parentId).map((group) => group.map((r) => r.name))).toEqual([['C'], ['A', 'B']]);
  });

  test('gives an empty list to a key without rows', () => {
    expect(groupByKeys(['none', 'p2'], rows, (r) => r.parentId)).toEqual([[], [rows[0]]]);
  });

  test('ignores rows whose key was not asked for', () => {
    expect(groupByKeys(['p2'], rows, (r) => r.parentId)).toEqual([[rows[0]]]);
  });
});
