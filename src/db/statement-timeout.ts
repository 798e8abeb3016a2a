import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * Gives every transaction the entity manager opens (staff saves, workflow moves, publishing,
 * imports) a longer statement_timeout than the pool's default for request traffic:
 * `set_config(…, true)` is SET LOCAL, so it ends with the transaction and the connection goes
 * back to the pool with the default. Public reads and view batches run outside the entity
 * manager's transactions and keep the short one. One statement per write transaction.
 */
export class WriteStatementTimeout implements EventSubscriber {
  constructor(private readonly timeoutMs: number) {}

  async afterTransactionStart({ transaction }: TransactionEventArgs): Promise<void> {
    const trx = transaction as Knex.Transaction;
    try {
      await trx.raw("select set_config('statement_timeout', ?, true)", [`${this.timeoutMs}ms`]);
    } catch (error) {
      // MikroORM hands the transaction to its caller only after this hook: failing here (the
      // connection cut by a database restart), nobody else would end it, and its connection would
      // stay taken from the pool for good. Rolling back gives it back, even when ROLLBACK fails too.
      await trx.rollback().catch(() => undefined);
      throw error;
    }
  }
}
