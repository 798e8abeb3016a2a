import type { Knex } from '@mikro-orm/postgresql';
import { pageFlags, pageRequest, type ConnectionArgs, type Page } from '../shared/connection';
import type { CursorCodec } from '../shared/cursor';
import { BadInputError } from '../shared/errors';
import { keyColumn, keysetCondition, readCursorValues, splitKeyColumns, type KeysetOrder } from '../shared/keyset';
import { isInvalidValue } from './pg-errors';
import { runPrepared } from './prepared';

export type { KeysetKey, KeysetOrder } from '../shared/keyset';

export interface KeysetOptions<Row> {
  /** The list's rows: selects, joins and filters, no order or limit (the helper adds them). */
  query: Knex.QueryBuilder;
  order: KeysetOrder;
  cursors: CursorCodec;
  args: ConnectionArgs;
  /** The same rows without selects, order or limit: makes the page's count (totalCount). */
  countQuery?: () => Knex.QueryBuilder;
  /** Turns a fetched row (key columns included) into the page's node; by default the row without its key columns. */
  toNode?: (row: Record<string, unknown>) => Row;
  /** Run as a named prepared statement (runPrepared): only for a query outside a transaction. */
  prepared?: boolean;
}

/** An edge whose cursor is signed only when a client asks for it (most pages only show nodes). */
class KeysetEdge<Row> {
  private signed?: string;

  constructor(
    readonly node: Row,
    private readonly keys: string[],
    private readonly kind: string,
    private readonly cursors: CursorCodec,
  ) {}

  get cursor(): string {
    return (this.signed ??= this.cursors.encode(this.kind, this.keys));
  }
}

/**
 * Keyset (seek) pagination over any query: stable under inserts, index-friendly, each cursor
 * signed and bound to its ordering. Reads size + 1 rows to know whether there is more; walking
 * backwards (last/before) reads the ordering reversed, then flips the page.
 */
export async function keysetPage<Row extends object>(options: KeysetOptions<Row>): Promise<Page<Row>> {
  const { query: qb, order, cursors } = options;
  const page = pageRequest(options.args);
  // The key values come back as text: a timestamp read as a JS Date would lose its microseconds.
  order.keys.forEach((key, i) => qb.select({ [keyColumn(i)]: qb.client.raw(`(${key.sql})::text`) }));
  const descending = order.descending !== page.backward;
  if (page.cursor !== null) {
    const values = readCursorValues(cursors.decode(page.cursor, order.kind, page.cursorArg), order.keys, page.cursorArg);
    qb.whereRaw(keysetCondition(order.keys, descending), values);
  }
  const direction = descending ? 'desc' : 'asc';
  qb.orderByRaw(order.keys.map((key) => `${key.sql} ${direction}`).join(', ')).limit(page.size + 1);

  const fetched = (await runQuery(qb, page.cursor === null ? null : page.cursorArg, order, options.prepared ?? false)) as Record<string, unknown>[];
  const rows = fetched.slice(0, page.size);
  if (page.backward) rows.reverse();
  const countQuery = options.countQuery;
  const toNode = options.toNode;
  const keyColumns = order.keys.map((_key, i) => keyColumn(i));
  return {
    edges: rows.map((row) => {
      if (!toNode) {
        const { node, keys } = splitKeyColumns(row);
        return new KeysetEdge(node as Row, keys, order.kind, cursors);
      }
      return new KeysetEdge(toNode(row), keyColumns.map((column) => row[column] as string), order.kind, cursors);
    }),
    ...pageFlags(page, fetched.length > page.size),
    count: countQuery
      ? async () => {
          const [{ count }] = await countQuery().count<{ count: string }[]>({ count: '*' });
          return Number(count);
        }
      : undefined,
  };
}

/** A signed cursor can still carry a value PostgreSQL rejects if the secret leaked; never a 500. */
async function runQuery(qb: Knex.QueryBuilder, cursorArg: string | null, order: KeysetOrder, prepared: boolean): Promise<unknown[]> {
  try {
    return prepared ? await runPrepared(qb) : await qb;
  } catch (error) {
    if (cursorArg !== null && isInvalidValue(error)) {
      throw new BadInputError(`Invalid cursor in "${cursorArg}" (not a ${order.keys[0].cast})`, cursorArg);
    }
    throw error;
  }
}
