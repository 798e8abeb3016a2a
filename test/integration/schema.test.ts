import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emitSchemaDefinitionFile } from 'type-graphql';
import { SCHEMA_FILE, createSchema } from '../../src/graphql/schema';

/**
 * schema/schema.graphql is the committed contract clients build against. It must be exactly what
 * `npm run schema:emit` (createSchema({ emit: true }), i.e. type-graphql's sorted emit) writes today.
 */
describe('schema/schema.graphql', () => {
  let emitted: string;
  let tmpDir: string;

  beforeAll(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-schema-'));
    const file = path.join(tmpDir, 'schema.graphql');
    // The same writer and options as createSchema({ emit: true }), pointed at a scratch file.
    await emitSchemaDefinitionFile(file, await createSchema(), { sortedSchema: true });
    emitted = fs.readFileSync(file, 'utf8');
  });
  afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

  test('is committed', () => {
    if (!fs.existsSync(SCHEMA_FILE)) throw new Error(`${path.relative(process.cwd(), SCHEMA_FILE)} is missing: run \`npm run schema:emit\` and commit it`);
  });

  test('matches the schema built from the code', () => {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== emitted) {
      const committedLines = committed.split('\n');
      const emittedLines = emitted.split('\n');
      const differs = emittedLines.findIndex((line, i) => line !== committedLines[i]);
      const at = differs === -1 ? emittedLines.length : differs;
      throw new Error(
        `schema/schema.graphql is out of date: run \`npm run schema:emit\` and commit the result.\n` +
          `First difference at line ${at + 1}:\n  committed: ${committedLines[at] ?? '(end of file)'}\n  code:      ${emittedLines[at] ?? '(end of file)'}`,
      );
    }
  });

  test('describes the public read API', () => {
    for (const fragment of ['article(id: ID, slug: String): Article', 'articles(', 'categories: [Category!]!', 'media(id: ID!): Media', 'scalar DateTime']) {
      expect(emitted).toContain(fragment);
    }
  });
});
