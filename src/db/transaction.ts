import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { isTransactionConflict } from './pg-errors';

/** The query builder of the transaction the entity manager runs in, or the plain one outside. */
export function knexOf(em: EntityManager): Knex {
  return (em.getTransactionContext<Knex.Transaction>() as Knex | undefined) ?? em.getKnex();
}

/**
 * Takes a transaction-scoped advisory lock named `bulletin:<name>` (held until commit or
 * rollback): writers that must not interleave (two creators of one slug, two moves in the
 * category tree, two admins demoting each other) queue here. Outside a transaction it would be
 * released at once: always call it inside one.
 */
export async function lockForTransaction(knex: Knex, name: string): Promise<void> {
  await knex.raw('select pg_advisory_xact_lock(hashtext(?))', [`bulletin:${name}`]);
}

/**
 * Runs `statement` (a whole transaction: one autocommit statement, or a function that opens and
 * commits one) and, when PostgreSQL aborted it to break a conflict (deadlock victim,
 * serialization failure), runs it again: nothing of an aborted transaction was written.
 * `attempts` in all; any other error rejects at once.
 */
export async function retryOnTransactionConflict<T>(statement: () => PromiseLike<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
    }
  }
}
