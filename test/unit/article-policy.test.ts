import { ArticleStatus } from '../../src/modules/article/article.entity';
import {
  applyArticleReadFilter,
  articleStatusFilter,
  canCreate,
  canEdit,
  canManage,
  canMove,
  canRevert,
  canSeeArticle,
  canSeeEditorialHistory,
  canSetSlug,
  canSubmit,
  type ArticleFacts,
} from '../../src/modules/article/article.policy';
import type { Viewer } from '../../src/modules/identity';
import { AUTHOR_ID, expectRule, sqlBuilder, viewers } from '../helpers/viewers';

const NOW = new Date('2026-06-01T08:00:00Z');

/** An article written by `viewers.author`. */
function article(status: ArticleStatus, overrides: Partial<ArticleFacts> = {}): ArticleFacts {
  const publishedAt = status === ArticleStatus.PUBLISHED ? new Date('2026-05-01T08:00:00Z') : null;
  return { authorId: AUTHOR_ID, status, publishedAt, deletedAt: null, embargoedUntil: null, ...overrides };
}

const STAFF = { author: true, otherAuthor: true, editor: true, admin: true };
const EDITORS = { editor: true, admin: true };
const OWNER_AND_EDITORS = { author: true, editor: true, admin: true };

describe('article visibility (canSeeArticle, the in-memory twin of the read filter)', () => {
  test('a published article is seen by everyone, API keys included', () => {
    expectRule((viewer) => canSeeArticle(viewer, article(ArticleStatus.PUBLISHED), NOW), { anonymous: true, apiKey: true, ...STAFF });
  });

  test('a draft is seen by its author and editors only', () => {
    expectRule((viewer) => canSeeArticle(viewer, article(ArticleStatus.DRAFT), NOW), OWNER_AND_EDITORS);
  });

  test('a published article whose time has not come is hidden like a draft', () => {
    const later = article(ArticleStatus.PUBLISHED, { publishedAt: new Date('2026-07-01T08:00:00Z') });
    expectRule((viewer) => canSeeArticle(viewer, later, NOW), OWNER_AND_EDITORS);
  });

  test('a deleted article is seen by editors only, even by its author', () => {
    const deleted = article(ArticleStatus.PUBLISHED, { deletedAt: new Date('2026-05-20T08:00:00Z') });
    expectRule((viewer) => canSeeArticle(viewer, deleted, NOW), EDITORS);
  });
});

describe('embargoed articles (canSeeArticle)', () => {
  const embargoKey = { kind: 'apiKey', id: '00000000-0000-4000-8000-0000000000ab', scopes: ['embargoed'], rateLimitPerMinute: 60 } as const;

  test('are seen by staff who may, the author, and keys with the embargoed scope only', () => {
    const embargoed = article(ArticleStatus.PUBLISHED, { embargoedUntil: new Date('2026-06-02T08:00:00Z') });
    expectRule((viewer) => canSeeArticle(viewer, embargoed, NOW), OWNER_AND_EDITORS);
    expect(canSeeArticle(embargoKey, embargoed, NOW)).toBe(true);
  });

  test('the scope shows no draft and no deleted article', () => {
    expect(canSeeArticle(embargoKey, article(ArticleStatus.DRAFT, { embargoedUntil: new Date('2026-06-02T08:00:00Z') }), NOW)).toBe(false);
    expect(canSeeArticle(embargoKey, article(ArticleStatus.PUBLISHED, { deletedAt: NOW }), NOW)).toBe(false);
  });
});

describe('article write rules', () => {
  test('every signed-in role creates; anonymous and API keys do not', () => {
    expectRule(canCreate, STAFF);
  });

  test('an author edits and reverts their own draft; editors edit any article', () => {
    expectRule((viewer) => canEdit(viewer, article(ArticleStatus.DRAFT)), OWNER_AND_EDITORS);
    expectRule((viewer) => canRevert(viewer, article(ArticleStatus.DRAFT)), OWNER_AND_EDITORS);
  });

  test('an author cannot edit their own article once it left the draft state', () => {
    for (const status of [ArticleStatus.IN_REVIEW, ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED]) {
      expectRule((viewer) => canEdit(viewer, article(status)), EDITORS);
    }
  });

  test('an author submits their own article; editors any', () => {
    expectRule((viewer) => canSubmit(viewer, article(ArticleStatus.DRAFT)), OWNER_AND_EDITORS);
  });

  test('slugs and the workflow (publish, unpublish, archive, delete) are for editors only', () => {
    expectRule(canSetSlug, EDITORS);
    expectRule(canManage, EDITORS);
  });

  test('the review note and history: editors and the author', () => {
    expectRule((viewer) => canSeeEditorialHistory(viewer, { authorId: AUTHOR_ID }), OWNER_AND_EDITORS);
  });

  test('workflow moves start from their states only', () => {
    expect(canMove('SUBMIT', ArticleStatus.DRAFT)).toBe(true);
    expect(canMove('SUBMIT', ArticleStatus.PUBLISHED)).toBe(false);
    expect(canMove('REQUEST_CHANGES', ArticleStatus.IN_REVIEW)).toBe(true);
    expect(canMove('PUBLISH', ArticleStatus.SCHEDULED)).toBe(true);
    expect(canMove('PUBLISH', ArticleStatus.PUBLISHED)).toBe(false);
    expect(canMove('UNPUBLISH', ArticleStatus.DRAFT)).toBe(false);
    expect(canMove('ARCHIVE', ArticleStatus.ARCHIVED)).toBe(false);
  });
});

describe('articleStatusFilter (which statuses a list may ask for)', () => {
  function filter(viewer: Viewer, statuses: ArticleStatus[] | null): string {
    try {
      return JSON.stringify(articleStatusFilter(viewer, statuses));
    } catch (error) {
      return (error as { extensions: { code: string } }).extensions.code;
    }
  }

  test('no filter or PUBLISHED alone is the public list, for everyone', () => {
    for (const viewer of Object.values(viewers)) {
      expect(filter(viewer, null)).toBe('null');
      expect(filter(viewer, [ArticleStatus.PUBLISHED, ArticleStatus.PUBLISHED])).toBe('null');
    }
  });

  test('asking for drafts is staff only: anonymous and API keys are refused', () => {
    const asked = [ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.DRAFT];
    expect(Object.fromEntries(Object.entries(viewers).map(([name, viewer]) => [name, filter(viewer, asked)]))).toEqual({
      anonymous: 'FORBIDDEN',
      apiKey: 'FORBIDDEN',
      author: '["DRAFT","IN_REVIEW"]',
      otherAuthor: '["DRAFT","IN_REVIEW"]',
      editor: '["DRAFT","IN_REVIEW"]',
      admin: '["DRAFT","IN_REVIEW"]',
    });
  });
});

describe('applyArticleReadFilter (the SQL twin)', () => {
  function sqlFor(viewer: Viewer, includeDeleted = false) {
    return applyArticleReadFilter(sqlBuilder('article as a').select('a.id'), viewer, 'a', { includeDeleted }).toSQL().toNative();
  }

  test('anonymous and API keys get the public condition and nothing else', () => {
    for (const viewer of [viewers.anonymous, viewers.apiKey]) {
      const { sql, bindings } = sqlFor(viewer);
      expect(sql).toContain("a.status = 'PUBLISHED' and a.published_at <= now()");
      expect(sql).not.toContain('author_id');
      expect(bindings).toEqual([]);
    }
  });

  test('an author also gets their own rows, by their id', () => {
    const { sql, bindings } = sqlFor(viewers.author);
    expect(sql).toContain('"a"."author_id" = $1');
    expect(bindings).toEqual([AUTHOR_ID]);
  });

  test('editors see every row that is not deleted, and deleted ones on request', () => {
    expect(sqlFor(viewers.editor).sql).toBe('select "a"."id" from "article" as "a" where "a"."deleted_at" is null');
    expect(sqlFor(viewers.admin, true).sql).toBe('select "a"."id" from "article" as "a"');
    expect(sqlFor(viewers.author, true).sql).toContain('"a"."deleted_at" is null');
  });
});
