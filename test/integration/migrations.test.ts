import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('the committed migrations produce exactly the schema the entities describe', async () => {
  // Fails when an entity changes without a generated migration (npm run db:migration:create).
  const pending = await h.orm.getMigrator().getPendingMigrations();
  expect(pending).toEqual([]);
  const diff = await h.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  expect(diff.trim()).toBe('');
});
