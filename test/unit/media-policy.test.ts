import type { Viewer } from '../../src/modules/identity';
import { applyMediaReadFilter, canManageMedia, canSeeAllMedia } from '../../src/modules/media/media.policy';
import { articleMediaUsage } from '../../src/modules/article/article-media-usage';
import { siteMediaUsage } from '../../src/modules/site/site-media-usage';
import { AUTHOR_ID, expectRule, sqlBuilder, viewers } from '../helpers/viewers';

describe('media rules', () => {
  test('the uploader and editors manage an image', () => {
    expectRule((viewer) => canManageMedia(viewer, { uploadedById: AUTHOR_ID }), { author: true, editor: true, admin: true });
  });

  test('an image with no uploader (seeded, uploader deleted) is the editors’ alone', () => {
    expectRule((viewer) => canManageMedia(viewer, { uploadedById: null }), { editor: true, admin: true });
  });

  test('an API key never manages an image, even one whose uploader id matches its own', () => {
    expect(canManageMedia(viewers.apiKey, { uploadedById: viewers.apiKey.id })).toBe(false);
  });

  test('staff see every image; anonymous and API keys do not', () => {
    expectRule(canSeeAllMedia, { author: true, otherAuthor: true, editor: true, admin: true });
  });
});

describe('applyMediaReadFilter', () => {
  const sqlFor = (viewer: Viewer) => applyMediaReadFilter(sqlBuilder('media as m').select('m.id'), sqlBuilder, viewer, [articleMediaUsage, siteMediaUsage]).toSQL().toNative().sql;

  test('staff read the whole library', () => {
    for (const viewer of [viewers.author, viewers.editor, viewers.admin]) expect(sqlFor(viewer)).toBe('select "m"."id" from "media" as "m"');
  });

  test('with no usage registered, nobody but staff sees an image', () => {
    expect(applyMediaReadFilter(sqlBuilder('media as m').select('m.id'), sqlBuilder, viewers.anonymous, []).toSQL().toNative().sql).toBe('select "m"."id" from "media" as "m" where false');
  });

  test('anonymous and API keys see only images the banner or a public article shows', () => {
    for (const viewer of [viewers.anonymous, viewers.apiKey]) {
      const sql = sqlFor(viewer);
      expect(sql).toContain('exists (select 1 from "site" as "s" where s.banner_image_id = m.id)');
      expect(sql).toContain('a.cover_image_id = m.id');
      expect(sql).toContain("a.status = 'PUBLISHED' and a.published_at <= now() and a.deleted_at is null");
    }
  });
});
