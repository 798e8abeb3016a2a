import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { Article, ARTICLE_COLUMNS } from '../../src/modules/article';
import { ArticleRevision } from '../../src/modules/article/article-revision.entity';
import { REVISION_COLUMNS } from '../../src/modules/article/article-revision.model';
import { Category, CATEGORY_COLUMNS } from '../../src/modules/category';
import { User, USER_COLUMNS } from '../../src/modules/identity';
import { Media, MEDIA_COLUMNS } from '../../src/modules/media';
import { TEMPLATE_ENV } from '../helpers/test-database';

/**
 * Lean reads select through hand-kept column maps (property → "alias.column"); this checks each map
 * against its entity's MikroORM metadata, so a renamed column or property cannot drift silently.
 */

const MAPS = [
  ['ARTICLE_COLUMNS', Article, ARTICLE_COLUMNS],
  ['REVISION_COLUMNS', ArticleRevision, REVISION_COLUMNS],
  ['CATEGORY_COLUMNS', Category, CATEGORY_COLUMNS],
  ['USER_COLUMNS', User, USER_COLUMNS],
  ['MEDIA_COLUMNS', Media, MEDIA_COLUMNS],
] as const;

let orm: MikroORM;
beforeAll(async () => {
  // Metadata only: the connection is never used for a query.
  orm = await MikroORM.init({ ...ormConfig({ clientUrl: process.env[TEMPLATE_ENV] as string, poolMax: 1 }), connect: false });
});
afterAll(() => orm?.close(true));

function columnMapProblems(entityName: string, columns: Record<string, string>): string[] {
  const meta = orm.getMetadata().get(entityName);
  // Each column of the table, with the name a plain row should carry: the property, or <relation>Id for a foreign key.
  const expected = new Map<string, string>();
  for (const prop of Object.values(meta.properties)) {
    const [field] = prop.fieldNames ?? [];
    if (!field) continue;
    expected.set(field, prop.kind === 'm:1' || prop.kind === '1:1' ? `${prop.name}Id` : prop.name);
  }
  const aliases = new Set(Object.values(columns).map((column) => column.split('.')[0]));
  const problems = aliases.size === 1 ? [] : [`one table alias expected, got ${[...aliases].join(', ')}`];
  return problems.concat(Object.entries(columns).flatMap(([property, column]) => {
    const field = column.split('.')[1];
    if (!expected.has(field)) return [`${property}: ${meta.tableName} has no column ${field}`];
    if (expected.get(field) !== property) return [`${property}: column ${field} is property ${expected.get(field)}`];
    return [];
  }));
}

test.each(MAPS)('%s names real columns of its entity, under their property names', (_name, entity, columns) => {
  expect(columnMapProblems(entity.name, columns)).toEqual([]);
});

test('a map that drifted from its entity is caught', () => {
  expect(columnMapProblems('Media', { ...MEDIA_COLUMNS, alt: 'm.alt_text', caption: 'm.alt' })).toEqual([
    'alt: media has no column alt_text',
    'caption: column alt is property alt',
  ]);
});
