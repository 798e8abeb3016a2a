import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBulletinPage, type ImportBulletinResult } from '../../seeds/bulletin/import-bulletin';
import { parseBulletinPage } from '../../seeds/bulletin/parse-bulletin';
import { runImport } from '../../seeds/import-cli';
import { LocalMediaStorage } from '../../src/modules/media/media-storage';
import { Role, signIn, type SignedIn } from '../helpers/accounts';
import { dataOf } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import { startHarness, type Harness } from '../helpers/harness';
import { createDraft, moveRequest, updateArticleRequest } from '../helpers/article-api';

const PAGE = fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'bulletin.txt'), 'utf8');
const TITLE = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022';

let h: Harness;
let editor: SignedIn;
let tmp: string;
beforeAll(async () => {
  h = await startHarness();
  editor = await signIn(h, { role: Role.EDITOR });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-reimport-test-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const knex = () => h.orm.em.getKnex();

/** The bulletin page under another title (so another article), with the given view count. */
function pageText(title: string, views = 112): string {
  return PAGE.replace(TITLE, title).replace('Lượt xem: 112', `Lượt xem: ${views}`);
}

function importText(text: string, options: { dryRun?: boolean; mediaDir?: string } = {}): Promise<ImportBulletinResult> {
  return importBulletinPage(h.orm, parseBulletinPage(text, 'trang.txt'), {
    mediaStorage: new LocalMediaStorage(options.mediaDir ?? h.config.mediaDir),
    dryRun: options.dryRun,
  });
}

async function articleRow(id: string) {
  return knex()('article').first('title', 'view_count', 'version', 'status', 'cover_alt').where('id', id);
}

async function revisions(id: string) {
  return knex()('article_revision')
    .where('article_id', id)
    .orderBy('version')
    .select('action', 'version', 'actor_id as actorId', 'changed_fields as changedFields', 'note');
}

async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ['article', 'article_revision', 'media', 'users', 'category', 'site']) {
    const [{ count }] = await knex()(table).count<{ count: string }[]>({ count: '*' });
    result[table] = Number(count);
  }
  return result;
}

describe('the importer records what it does', () => {
  test('records a new article as an IMPORT revision without actor, then each update as another', async () => {
    const title = `Hội thao ${uniqueToken()}`;
    const created = await importText(pageText(title, 10));
    expect(created.outcome).toBe('imported');
    expect(await revisions(created.articleId)).toEqual([
      {
        action: 'IMPORT',
        version: 1,
        actorId: null,
        changedFields: expect.arrayContaining(['title', 'slug', 'excerpt', 'body', 'publishedAt', 'authorId', 'coverImageId', 'coverAlt', 'status', 'viewCount']),
        note: 'Imported from trang.txt',
      },
    ]);

    const updated = await importText(pageText(title, 25));
    expect(updated).toEqual({ outcome: 'updated', articleId: created.articleId, slug: created.slug });
    expect((await revisions(created.articleId)).slice(1)).toEqual([
      { action: 'IMPORT', version: 2, actorId: null, changedFields: ['viewCount'], note: 'Imported from trang.txt' },
    ]);
    expect(await articleRow(created.articleId)).toMatchObject({ view_count: 25, version: 2 });

    // Nothing new on the page: nothing written, no revision.
    expect((await importText(pageText(title, 25))).outcome).toBe('unchanged');
    expect(await revisions(created.articleId)).toHaveLength(2);
  });
});

describe('re-importing never undoes work done in Bulletin', () => {
  test('keeps an article an editor changed after its import, and writes nothing', async () => {
    const title = `Hiến máu ${uniqueToken()}`;
    const { articleId } = await importText(pageText(title, 10));
    const edited = dataOf(await updateArticleRequest(h, editor.token, articleId, { version: 1, title: `${title} (đã sửa)`, excerpt: 'Biên tập viên viết lại.' }));
    expect(edited.updateArticle.version).toBe(2);
    const before = await counts();

    const again = await importText(pageText(title, 500));
    expect(again.outcome).toBe('kept');
    expect(await articleRow(articleId)).toMatchObject({ title: `${title} (đã sửa)`, view_count: 10, version: 2 });
    expect((await revisions(articleId)).map((r) => r.action)).toEqual(['IMPORT', 'UPDATE']);
    expect(await counts()).toEqual(before);
  });

  test('keeps an article moved through the workflow (unpublished) since its import', async () => {
    const title = `Tiêm chủng ${uniqueToken()}`;
    const { articleId } = await importText(pageText(title));
    dataOf(await moveRequest(h, editor.token, 'unpublishArticle', articleId));
    expect((await importText(pageText(title, 900))).outcome).toBe('kept');
    expect(await articleRow(articleId)).toMatchObject({ status: 'DRAFT', view_count: 112 });
  });

  test('keeps a staff article whose title gives the same slug as the page', async () => {
    const title = `Khám bệnh miễn phí ${uniqueToken()}`;
    const draft = await createDraft(h, editor.token, { title, categoryId: (await knex()('category').first('id').where('slug', 'y-te')).id });
    const result = await importText(pageText(title));
    expect(result).toEqual({ outcome: 'kept', articleId: draft.id, slug: draft.slug });
    expect(await articleRow(draft.id)).toMatchObject({ status: 'DRAFT', version: 1, view_count: 0 });
  });

  test('keeps an article whose version moved past the import without a revision', async () => {
    const title = `Ngày hội ${uniqueToken()}`;
    const { articleId } = await importText(pageText(title));
    // A change that bypassed the history (a manual fix in SQL, say): still not the importer's to undo.
    await knex()('article').where('id', articleId).update({ title: 'Sửa tay', version: 2 });
    expect((await importText(pageText(title, 300))).outcome).toBe('kept');
    expect(await articleRow(articleId)).toMatchObject({ title: 'Sửa tay', view_count: 112 });
  });

  test('still updates an article imported before the importer recorded revisions, unless staff touched it', async () => {
    const untouched = `Bài cũ ${uniqueToken()}`;
    const touched = `Bài cũ đã sửa ${uniqueToken()}`;
    const a = await importText(pageText(untouched));
    const b = await importText(pageText(touched));
    // As an older importer left them: no revision at all.
    await knex()('article_revision').whereIn('article_id', [a.articleId, b.articleId]).delete();
    dataOf(await updateArticleRequest(h, editor.token, b.articleId, { version: 1, excerpt: 'Sửa sau khi nhập.' }));

    expect((await importText(pageText(untouched, 700))).outcome).toBe('updated');
    expect(await articleRow(a.articleId)).toMatchObject({ view_count: 700 });
    expect((await revisions(a.articleId)).map((r) => [r.action, r.version])).toEqual([['IMPORT', 2]]);
    expect((await importText(pageText(touched, 700))).outcome).toBe('kept');
    expect(await articleRow(b.articleId)).toMatchObject({ view_count: 112 });
  });

  test('an editor saving while the importer works gets CONFLICT, never a silent revert', async () => {
    const title = `Đồng thời ${uniqueToken()}`;
    const { articleId } = await importText(pageText(title, 10));
    await importText(pageText(title, 20)); // version 2
    const stale = await updateArticleRequest(h, editor.token, articleId, { version: 1, title: 'Bản cũ' });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });
});

describe('--dry-run', () => {
  test('reports imported, updated and kept, writing no row and no media file', async () => {
    const fresh = `Chạy thử ${uniqueToken()}`;
    const existing = `Đã có ${uniqueToken()}`;
    const edited = `Đã sửa ${uniqueToken()}`;
    await importText(pageText(existing, 10));
    const e = await importText(pageText(edited, 10));
    dataOf(await updateArticleRequest(h, editor.token, e.articleId, { version: 1, title: `${edited}!` }));
    // A second photo gives a placeholder image the database has never seen (a new Media row).
    const withNewPhoto = pageText(fresh).replace('anh tin bai', `anh tin bai\n\nĐoạn giữa.\n\nanh tin bai`);
    const mediaDir = fs.mkdtempSync(path.join(tmp, 'media-'));
    const before = await counts();

    expect((await importText(withNewPhoto, { dryRun: true, mediaDir })).outcome).toBe('imported');
    expect((await importText(pageText(existing, 99), { dryRun: true, mediaDir })).outcome).toBe('updated');
    expect((await importText(pageText(existing, 10), { dryRun: true, mediaDir })).outcome).toBe('unchanged');
    expect((await importText(pageText(edited, 99), { dryRun: true, mediaDir })).outcome).toBe('kept');

    expect(await counts()).toEqual(before);
    expect(fs.readdirSync(mediaDir)).toEqual([]);
    expect(await knex()('article').first('view_count').where('title', existing)).toEqual({ view_count: 10 });
  });
});

/** A stdout that records what is written to it. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 200,
    write: (chunk: string) => chunks.push(chunk) > 0,
    text: () => chunks.join(''),
  } as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('runImport (the import command)', () => {
  function deps(stdout: NodeJS.WriteStream, stderr: NodeJS.WritableStream) {
    const calls = { opened: 0, closed: 0 };
    return {
      calls,
      deps: {
        config: h.config,
        stdout,
        stderr,
        openDatabase: async () => {
          calls.opened += 1;
          return { orm: h.orm, close: async () => void (calls.closed += 1) };
        },
      },
    };
  }

  test('answers --help with the usage and bad arguments with status 2, without opening the database', async () => {
    const out = fakeStream(false);
    const err = fakeStream(false);
    const { calls, deps: d } = deps(out, err);
    expect(await runImport(['--help'], d)).toBe(0);
    expect(out.text()).toContain('Usage: import [--dry-run] <page.txt>');
    expect(await runImport([], d)).toBe(2);
    expect(await runImport(['--force', 'a.txt'], d)).toBe(2);
    expect(err.text()).toContain('Unknown option --force');
    expect(calls).toEqual({ opened: 0, closed: 0 });
  });

  test('prints a line per file when stdout is not a terminal; a dry run says so and writes nothing', async () => {
    const file = path.join(tmp, `cli-${uniqueToken()}.txt`);
    fs.writeFileSync(file, pageText(`Dòng lệnh ${uniqueToken()}`));
    const missing = path.join(tmp, 'missing.txt');
    const out = fakeStream(false);
    const err = fakeStream(false);
    const { calls, deps: d } = deps(out, err);
    const before = await counts();

    expect(await runImport(['--dry-run', '--', file, missing], d)).toBe(1);
    expect(out.text().split('\n')).toEqual([
      'Dry run: the pages are checked against the database; nothing is written.',
      `[1/2] ${file}: imported`,
      `[2/2] ${missing}: failed`,
      'Dry run, nothing written: 2 file(s): 1 imported, 0 updated, 0 kept (edited in Bulletin), 0 unchanged, 1 failed',
      '',
    ]);
    expect(err.text()).toBe(`${missing}: cannot read the file (ENOENT)\n`);
    expect(await counts()).toEqual(before);
    expect(calls).toEqual({ opened: 1, closed: 1 });

    expect(await runImport([file], d)).toBe(0);
    expect(out.text()).toContain(`[1/1] ${file}: imported\n`);
    expect((await counts()).article).toBe(before.article + 1);
  });

  test('draws a progress bar with counts and ETA on a terminal', async () => {
    const file = path.join(tmp, `tty-${uniqueToken()}.txt`);
    fs.writeFileSync(file, pageText(`Thanh tiến trình ${uniqueToken()}`));
    const out = fakeStream(true);
    const { deps: d } = deps(out, fakeStream(false));
    expect(await runImport([file, file], d)).toBe(0);
    const text = out.text();
    expect(text).toContain('0/2 0% · 0 imported, 0 updated, 0 kept, 0 unchanged, 0 failed · ETA --:--');
    expect(text).toMatch(/\[█{12}░{12}\] 1\/2 50% · 1 imported, 0 updated, 0 kept, 0 unchanged, 0 failed · ETA 0:\d\d · /);
    expect(text).toContain('2/2 100% · 1 imported, 0 updated, 0 kept, 1 unchanged, 0 failed · ETA 0:00');
    expect(text.endsWith('\r\x1b[2K2 file(s): 1 imported, 0 updated, 0 kept (edited in Bulletin), 1 unchanged, 0 failed\n')).toBe(true);
    expect(text).not.toContain(`[1/2] ${file}`);
  });
});
