import type { MikroORM } from '@mikro-orm/postgresql';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  pendingMigrations: number | null;
}

/** Ready = the database answers and every migration this build knows about is applied. */
export async function checkReadiness(orm: MikroORM): Promise<Readiness> {
  try {
    await orm.em.getConnection().execute('select 1');
  } catch {
    return { ready: false, database: 'unreachable', pendingMigrations: null };
  }
  const pending = await orm.getMigrator().getPendingMigrations();
  return { ready: pending.length === 0, database: 'ok', pendingMigrations: pending.length };
}
