import type { EntityManager, Knex } from '@mikro-orm/postgresql';

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
