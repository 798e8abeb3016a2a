import type { MikroORM } from '@mikro-orm/postgresql';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  pendingMigrations: number | null;
  /** True once a graceful stop began: a load balancer must send new requests elsewhere. */
  shuttingDown?: true;
}

/** Ready = not stopping, the database answers and every migration this build knows about is applied. */
export async function checkReadiness(orm: MikroORM, shuttingDown = false): Promise<Readiness> {
  if (shuttingDown) return { ready: false, database: 'ok', pendingMigrations: null, shuttingDown: true };
  try {
    await orm.em.getConnection().execute('select 1');
  } catch {
    return { ready: false, database: 'unreachable', pendingMigrations: null };
  }
  const pending = await orm.getMigrator().getPendingMigrations();
  return { ready: pending.length === 0, database: 'ok', pendingMigrations: pending.length };
}
