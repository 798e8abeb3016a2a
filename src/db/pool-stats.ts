import type { MikroORM } from '@mikro-orm/postgresql';

export interface PoolStats {
  /** Connections lent out to a query or a transaction. */
  inUse: number;
  /** Connections open and idle. */
  free: number;
  /** Requests waiting for a connection (the queue overload protection watches). */
  waiting: number;
}

/** The subset of tarn's Pool (knex's connection pool) that is read here. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The state of the ORM's connection pool, read from knex's tarn pool (MikroORM does not expose it). */
export function poolStats(orm: MikroORM): PoolStats {
  const pool = (orm.em.getKnex().client as { pool?: TarnPool }).pool;
  if (!pool) return { inUse: 0, free: 0, waiting: 0 };
  return { inUse: pool.numUsed(), free: pool.numFree(), waiting: pool.numPendingAcquires() };
}
