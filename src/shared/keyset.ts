import { BadInputError } from './errors';
import { assertUuid } from './uuid';

export interface KeysetKey {
  /** SQL of the sort value (a column or an expression over the query's aliases). */
  sql: string;
  /** The type a value read back from a cursor is cast to. */
  cast: 'timestamptz' | 'float8' | 'int8' | 'text' | 'uuid';
}

/** A list ordering: every key in the same direction, the last one unique (usually the id). */
export interface KeysetOrder {
  /** Written into the cursors: a cursor of another ordering or list is refused. */
  kind: string;
  keys: KeysetKey[];
  descending: boolean;
}

const KEY_PREFIX = '__key';

/** The select alias carrying key `index` of each row (stripped before rows become nodes). */
export function keyColumn(index: number): string {
  return `${KEY_PREFIX}${index}`;
}

/** Separates a fetched row's key values (for its cursor, in key order) from the node's own columns. */
export function splitKeyColumns(row: Record<string, unknown>): { node: Record<string, unknown>; keys: string[] } {
  const node: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(KEY_PREFIX)) keys[Number(column.slice(KEY_PREFIX.length))] = value as string;
    else node[column] = value;
  }
  return { node, keys };
}

/** `(k1, k2) < (?::cast1, ?::cast2)`: the rows after the cursor, in the direction being read. */
export function keysetCondition(keys: readonly KeysetKey[], descending: boolean): string {
  const left = keys.map((key) => key.sql).join(', ');
  const right = keys.map((key) => `?::${key.cast}`).join(', ');
  return `(${left}) ${descending ? '<' : '>'} (${right})`;
}

/** Checks a decoded cursor holds one text value per key (uuids well formed). */
export function readCursorValues(values: readonly (string | number)[], keys: readonly KeysetKey[], argument: string): string[] {
  if (values.length !== keys.length || values.some((value) => typeof value !== 'string')) {
    throw new BadInputError(`Invalid cursor in "${argument}"`, argument);
  }
  keys.forEach((key, i) => {
    if (key.cast === 'uuid') assertUuid(values[i] as string, argument);
  });
  return values as string[];
}
