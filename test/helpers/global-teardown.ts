import fs from 'node:fs';
import { adminQuery, databaseOf } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__bulletinTestState;
  if (!state) return;
  if (state.embedded) {
    await state.embedded.stop();
  } else {
    await adminQuery(state.templateUrl, `drop database if exists "${databaseOf(state.templateUrl)}" with (force)`).catch(() => undefined);
  }
  fs.rmSync(state.workDir, { recursive: true, force: true });
}
