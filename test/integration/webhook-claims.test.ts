import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { claimDueDeliveries } from '../../src/modules/webhook/webhook-worker';
import { startHarness, type Harness } from '../helpers/harness';

/**
 * The claim statement on its own, from two connection pools at once (two instances): every due
 * delivery is claimed exactly once, and a claimed row is not due again until its lease ends.
 */

let h: Harness;
let other: MikroORM;
beforeAll(async () => {
  h = await startHarness();
  other = await MikroORM.init(ormConfig({ clientUrl: h.config.databaseUrl ?? '', poolMax: 3 }));
});
afterAll(async () => {
  await other?.close(true);
  await h?.close();
});

const knex = () => h.orm.em.getKnex();

async function webhookWithDeliveries(count: number, active = true): Promise<{ webhookId: string; ids: string[] }> {
  const [{ id: webhookId }] = await knex()('webhook')
    .insert({ id: knex().raw('gen_random_uuid()'), url: 'https://example.com/hook', events: ['cache.purge'], secret: 'whsec_test', active, created_at: knex().fn.now(), updated_at: knex().fn.now() })
    .returning('id');
  const rows = await knex()('webhook_delivery')
    .insert(Array.from({ length: count }, () => ({ id: knex().raw('gen_random_uuid()'), webhook_id: webhookId, event: 'cache.purge', body: '{}', next_attempt_at: knex().fn.now(), created_at: knex().fn.now() })))
    .returning('id');
  return { webhookId, ids: rows.map((row: { id: string }) => row.id) };
}

test('two instances claiming at once never take the same delivery', async () => {
  const { ids } = await webhookWithDeliveries(60);
  const claimedBy: Record<string, string[]> = { first: [], second: [] };
  const drain = async (name: string, pool: MikroORM) => {
    for (;;) {
      const claimed = await claimDueDeliveries(pool.em.getKnex(), 60_000, 7);
      if (claimed.length === 0) return;
      claimedBy[name].push(...claimed.map((row) => row.id));
    }
  };
  await Promise.all([drain('first', h.orm), drain('second', other)]);
  const all = [...claimedBy.first, ...claimedBy.second];
  expect(all.sort()).toEqual([...ids].sort());
  const rows = await knex()('webhook_delivery').whereIn('id', ids).select('attempts', 'status');
  expect(rows.every((row) => row.attempts === 1 && row.status === 'PENDING')).toBe(true);
});

test('a claimed delivery comes back only once its lease has ended, with the attempt counted', async () => {
  const { ids } = await webhookWithDeliveries(1);
  expect((await claimDueDeliveries(knex(), 300)).map((row) => row.id)).toEqual(ids);
  expect(await claimDueDeliveries(knex(), 300)).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await claimDueDeliveries(knex(), 60_000)).toMatchObject([{ id: ids[0], attempts: 2, url: 'https://example.com/hook', secret: 'whsec_test' }]);
});

test('deliveries of an inactive webhook are not claimed', async () => {
  const { webhookId } = await webhookWithDeliveries(2, false);
  expect(await claimDueDeliveries(knex(), 60_000)).toEqual([]);
  expect(await knex()('webhook_delivery').where('webhook_id', webhookId).pluck('attempts')).toEqual([0, 0]);
});
