import type { Knex } from '@mikro-orm/postgresql';

/** Distinct statements prepared per connection at most; the hot read paths have a few dozen shapes. */
const MAX_NAMED = 500;
const names = new Map<string, string>();

interface PgConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a query built by knex as a named prepared statement, straight on a pooled connection: a
 * page's SQL text is the same for every request of its shape (values are parameters), so
 * PostgreSQL parses and plans it once per connection, and knex's runner and MikroORM's query
 * wrapper are skipped. Only for queries outside a transaction (it takes its own connection).
 */
export async function runPrepared<Row = Record<string, unknown>>(qb: Knex.QueryBuilder | Knex.Raw): Promise<Row[]> {
  const { sql, bindings } = qb.toSQL().toNative();
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `bulletin_${names.size + 1}`;
    names.set(sql, name);
  }
  const client = (qb as { client: unknown }).client as {
    emit(event: 'query', query: { method: string; sql: string; bindings: readonly unknown[] }): void; acquireConnection(): Promise<PgConnection>; releaseConnection(connection: PgConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    // knex's own event for every statement it sends (query logging, the tests' statement counts).
    client.emit('query', { method: 'select', sql, bindings });
    return (await connection.query({ name, text: sql, values: bindings })).rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}
