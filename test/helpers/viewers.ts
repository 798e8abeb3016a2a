import { knex as createKnex } from '@mikro-orm/postgresql';
import { ANONYMOUS, Role, type Viewer } from '../../src/modules/identity';

/** The viewers every policy test walks through, with no database behind them. */
export const AUTHOR_ID = '00000000-0000-4000-8000-00000000000a';
export const OTHER_AUTHOR_ID = '00000000-0000-4000-8000-00000000000b';
export const EDITOR_ID = '00000000-0000-4000-8000-00000000000e';
export const ADMIN_ID = '00000000-0000-4000-8000-00000000000f';

export const viewers = {
  anonymous: ANONYMOUS,
  apiKey: { kind: 'apiKey', id: '00000000-0000-4000-8000-0000000000aa', scopes: [], rateLimitPerMinute: 60 },
  author: { kind: 'user', id: AUTHOR_ID, role: Role.AUTHOR, sessionId: 's-author' },
  otherAuthor: { kind: 'user', id: OTHER_AUTHOR_ID, role: Role.AUTHOR, sessionId: 's-other' },
  editor: { kind: 'user', id: EDITOR_ID, role: Role.EDITOR, sessionId: 's-editor' },
  admin: { kind: 'user', id: ADMIN_ID, role: Role.ADMIN, sessionId: 's-admin' },
} satisfies Record<string, Viewer>;

export type ViewerName = keyof typeof viewers;

/** Who may, by viewer name: `expectRule(rule, { editor: true, admin: true })` (unnamed viewers: false). */
export function expectRule(rule: (viewer: Viewer) => boolean, allowed: Partial<Record<ViewerName, boolean>>): void {
  const actual = Object.fromEntries(Object.entries(viewers).map(([name, viewer]) => [name, rule(viewer)]));
  const expected = Object.fromEntries(Object.keys(viewers).map((name) => [name, allowed[name as ViewerName] ?? false]));
  expect(actual).toEqual(expected);
}

/** A knex that only builds SQL (never connects), for read-filter tests. */
export const sqlBuilder = createKnex({ client: 'pg' });
