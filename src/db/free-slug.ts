import type { Knex } from '@mikro-orm/postgresql';
import { lockForTransaction } from './transaction';

/**
 * The first free slug of `base`, `base-2`, `base-3`, … Call it inside the transaction that inserts
 * the row: creators of the same base wait for each other on an advisory lock (until commit), so
 * two of them never pick the same slug. `taken` lists the slugs in use that start with the base.
 */
export async function freeSlug(knex: Knex, scope: string, base: string, taken: (knex: Knex, base: string) => Knex.QueryBuilder): Promise<string> {
  await lockForTransaction(knex, `${scope}-slug:${base}`);
  const used = new Set(((await taken(knex, base)) as { slug: string }[]).map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
