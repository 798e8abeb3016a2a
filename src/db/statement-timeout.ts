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
    await (transaction as Knex.Transaction).raw("select set_config('statement_timeout', ?, true)", [`${this.timeoutMs}ms`]);
  }
}
