import type { Knex } from '@mikro-orm/knex';
import type { AbstractSqlConnection, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './pg-errors';

export interface ReplicaStatus {
  name: string;
  /** In rotation: the last check (or the last connection attempt) succeeded. */
  up: boolean;
  /** 0 when it has replayed all it received; else seconds since the last transaction it replayed (null before any, or while down). */
  replayLagSeconds: number | null;
}

/** Hands out the connection public reads use: a healthy replica in turn, or the primary. */
export interface ReadRouter {
  /** A replica's knex when one is up (round robin), the primary's otherwise. */
  readKnex(): Knex;
  status(): ReplicaStatus[];
  /** Checks every replica now (the timer does it every interval). */
  check(): Promise<void>;
  stop(): void;
}

interface Replica {
  name: string;
  knex: Knex;
  up: boolean;
  replayLagSeconds: number | null;
}

/** A check that does not answer within this long counts as down: a replica behind a dead network hangs, it does not refuse. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * MikroORM opens the pools of `replicas` (orm-config.ts) and picks one at random for
 * `getConnection('read')`, with no health check: a replica that is down would fail every read
 * sent to it. This router keeps its own view of which are up, from a periodic check and from
 * connection failures, and sends reads only to those; with none up the primary serves them.
 */
export function createReadRouter(orm: MikroORM, options: { intervalMs: number; log: Logger }): ReadRouter {
  const primary = orm.em.getKnex();
  const replicas: Replica[] = replicaConnections(orm).map((connection, index) => ({
    name: `replica-${index + 1}`,
    knex: withPrimaryFallback(connection.getKnex(), primary, () => markDown(replicas[index], 'its connection failed')),
    up: true,
    replayLagSeconds: null,
  }));
  let next = 0;

  function markDown(replica: Replica | undefined, why: string): void {
    if (!replica || !replica.up) return;
    replica.up = false;
    replica.replayLagSeconds = null;
    options.log.warn(`${replica.name} is out of rotation (${why}); public reads go to the other replicas or the primary`);
  }

  async function checkOne(replica: Replica): Promise<void> {
    try {
      const result = await withTimeout(
        replica.knex.raw<{ rows: { recovering: boolean; lag: number | null }[] }>(
          // Caught up (everything received is replayed): 0, though the last replayed transaction may
          // be old on a quiet primary; otherwise the age of the last one replayed.
          `select pg_is_in_recovery() as recovering,
                  case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                       else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag`,
        ),
        CHECK_TIMEOUT_MS,
      );
      const row = result.rows[0];
      // A server not in recovery is no replica: a promoted one, or the primary the fallback reached.
      if (!row?.recovering) return markDown(replica, 'it is not in recovery');
      if (!replica.up) options.log.info(`${replica.name} answers again: back in rotation`);
      replica.up = true;
      replica.replayLagSeconds = row.lag;
    } catch (error) {
      markDown(replica, (error as Error).message);
    }
  }

  const check = async () => {
    await Promise.all(replicas.map(checkOne));
  };
  const timer = replicas.length > 0 ? setInterval(() => void check(), options.intervalMs) : undefined;
  timer?.unref();

  return {
    readKnex() {
      for (let tried = 0; tried < replicas.length; tried += 1) {
        const replica = replicas[next++ % replicas.length];
        if (replica.up) return replica.knex;
      }
      return primary;
    },
    status: () => replicas.map(({ name, up, replayLagSeconds }) => ({ name, up, replayLagSeconds })),
    check,
    stop: () => clearInterval(timer),
  };
}

function replicaConnections(orm: MikroORM): AbstractSqlConnection[] {
  // MikroORM keeps them on the driver without a public accessor (only a random getConnection('read')).
  const replicas = (orm.em.getDriver() as unknown as { replicas?: AbstractSqlConnection[] }).replicas;
  const expected = orm.config.get('replicas')?.length ?? 0;
  if (!Array.isArray(replicas) || replicas.length !== expected) {
    throw new Error(`MikroORM did not expose its ${expected} replica connection(s): check the read router against this MikroORM version`);
  }
  return replicas;
}

/**
 * The replica's knex, whose connection acquisition falls back to the primary's pool when the
 * replica cannot be reached (refused, restarting, timed out): the read then runs on the primary
 * instead of failing, and `onUnreachable` takes the replica out of rotation. A connection borrowed
 * from the primary goes back to the primary's pool.
 */
function withPrimaryFallback(replica: Knex, primary: Knex, onUnreachable: () => void): Knex {
  type Client = { acquireConnection(): Promise<unknown>; releaseConnection(connection: unknown): Promise<unknown> };
  const client = replica.client as Client;
  const primaryClient = primary.client as Client;
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const borrowed = new WeakSet<object>();
  const borrow = async () => {
    const connection = (await primaryClient.acquireConnection()) as object;
    borrowed.add(connection);
    return connection;
  };
  client.acquireConnection = async () => {
    try {
      return await acquire();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      onUnreachable();
      return borrow();
    }
  };
  client.releaseConnection = (connection) => (borrowed.has(connection as object) ? primaryClient.releaseConnection(connection) : release(connection));
  return replica;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
