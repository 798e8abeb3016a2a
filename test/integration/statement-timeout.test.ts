import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { ormConfig } from '../../src/db/orm-config';
import { poolStats } from '../../src/db/pool-stats';
import { createLogger } from '../../src/shared/logger';
import { Role, signIn } from '../helpers/accounts';
import { createCategory } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';

type ShowRow = { statement_timeout: string };

async function shown(rows: unknown): Promise<string> {
  return ((rows as { rows?: ShowRow[] }).rows ?? (rows as ShowRow[]))[0].statement_timeout;
}

describe('statement_timeout (STATEMENT_TIMEOUT_MS=400, WRITE_STATEMENT_TIMEOUT_MS=1000)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ STATEMENT_TIMEOUT_MS: '400', WRITE_STATEMENT_TIMEOUT_MS: '1000' });
  });
  afterAll(() => h?.close());

  test('request traffic gets the short one; the entity manager\'s write transactions the longer one, for that transaction only', async () => {
    const knex = h.orm.em.getKnex();
    expect(await shown(await knex.raw('show statement_timeout'))).toBe('400ms');
    const inWrite = await h.orm.em.fork().transactional((em) => em.getConnection().execute<ShowRow[]>('show statement_timeout', [], 'all', em.getTransactionContext()));
    expect(inWrite[0].statement_timeout).toBe('1s');
    expect(await shown(await knex.raw('show statement_timeout'))).toBe('400ms');
  });

  test('a statement over the limit is stopped by PostgreSQL (57014)', async () => {
    await expect(h.orm.em.getKnex().raw('select pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
  });

  test('a write stopped by its timeout answers SERVICE_UNAVAILABLE, changing nothing', async () => {
    const editor = await signIn(h, { role: Role.EDITOR });
    const category = await createCategory(h.orm.em.fork());
    const knex = h.orm.em.getKnex();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Another writer holds the row past WRITE_STATEMENT_TIMEOUT_MS.
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = knex.transaction(async (trx) => {
      await trx.raw("select set_config('statement_timeout', '0', true)");
      await trx.raw('select id from category where id = ? for update', [category.id]);
      locked();
      await held;
    });
    await isLocked;
    try {
      const result = await h.gql('mutation($id: ID!) { updateCategory(id: $id, input: { name: "Đổi tên" }) { name } }', { id: category.id }, { token: editor.token });
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(result.errors?.[0].message).toBe('The database took too long to answer; retry in a moment');
    } finally {
      release();
      await holder;
    }
    const row = await knex.raw('select name from category where id = ?', [category.id]);
    expect(row.rows[0].name).toBe(category.name);
  });
});

describe('a write transaction whose timeout cannot be set', () => {
  test('fails, and its connection goes back to the pool (the pool of one serves the next statement)', async () => {
    const h = await startHarness();
    // PostgreSQL refuses a negative statement_timeout, as a cut connection would refuse any statement:
    // the transaction start fails after BEGIN, before MikroORM hands the transaction to anyone.
    const orm = await MikroORM.init(ormConfig({ clientUrl: h.config.databaseUrl!, poolMax: 1, acquireTimeoutMs: 1_000, writeStatementTimeoutMs: -5 }));
    try {
      await expect(orm.em.fork().transactional(async () => undefined)).rejects.toMatchObject({ code: '22023' });
      const rows = await orm.em.getKnex().raw('select 1 as one');
      expect(rows.rows).toEqual([{ one: 1 }]);
      expect(poolStats(orm).inUse).toBe(0);
    } finally {
      await orm.close(true);
      await h.close();
    }
  });
});

describe('openDatabase for the server', () => {
  test('migrates without a timeout, then serves with STATEMENT_TIMEOUT_MS on every connection', async () => {
    const h = await startHarness();
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: h.config.databaseUrl, APP_SECRET: h.config.appSecret, STATEMENT_TIMEOUT_MS: '1500' });
      const database = await openDatabase(config, createLogger({ logLevel: 'silent', logPretty: false }), { statementTimeouts: true });
      try {
        expect(await shown(await database.orm.em.getKnex().raw('show statement_timeout'))).toBe('1500ms');
      } finally {
        await database.close();
      }
    } finally {
      await h.close();
    }
  });
});
