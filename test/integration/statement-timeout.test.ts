import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/shared/logger';
import { startHarness, type Harness } from '../helpers/harness';

type ShowRow = { statement_timeout: string };

async function shown(rows: unknown): Promise<string> {
  return ((rows as { rows?: ShowRow[] }).rows ?? (rows as ShowRow[]))[0].statement_timeout;
}

describe('statement_timeout (STATEMENT_TIMEOUT_MS=400, WRITE_STATEMENT_TIMEOUT_MS=3000)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ STATEMENT_TIMEOUT_MS: '400', WRITE_STATEMENT_TIMEOUT_MS: '3000' });
  });
  afterAll(() => h?.close());

  test('request traffic gets the short one; the entity manager\'s write transactions the longer one, for that transaction only', async () => {
    const knex = h.orm.em.getKnex();
    expect(await shown(await knex.raw('show statement_timeout'))).toBe('400ms');
    const inWrite = await h.orm.em.fork().transactional((em) => em.getConnection().execute<ShowRow[]>('show statement_timeout', [], 'all', em.getTransactionContext()));
    expect(inWrite[0].statement_timeout).toBe('3s');
    expect(await shown(await knex.raw('show statement_timeout'))).toBe('400ms');
  });

  test('a statement over the limit is stopped by PostgreSQL (57014)', async () => {
    await expect(h.orm.em.getKnex().raw('select pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
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
