/**
 * Writes schema/schema.graphql, the committed GraphQL contract, from the code-first schema.
 * Usage: npm run schema:emit (test/integration/schema.test.ts fails when the file drifts).
 */
import 'reflect-metadata';
import path from 'node:path';
import { SCHEMA_FILE, createSchema } from '../src/graphql/schema';

async function main(): Promise<void> {
  await createSchema({ emit: true });
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
