import fs from 'node:fs';
import path from 'node:path';
import { importBulletinPage } from '../../seeds/bulletin/import-bulletin';
import { parseBulletinPage } from '../../seeds/bulletin/parse-bulletin';
import type { Category } from '../../src/modules/category/category.entity';
import { LocalMediaStorage } from '../../src/modules/media/media-storage';
import type { SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { buildArticle, createMedia, uniqueToken } from '../helpers/factories';
import type { Harness } from '../helpers/harness';
import { startNewsroom } from '../helpers/newsroom';
import { revertRequest } from '../helpers/article-api';

let h: Harness, editor: SignedIn, category: Category;
beforeAll(async () => ({ h, editor, category } = await startNewsroom()));
afterAll(() => h?.close());

const COVER_FIELDS = 'id version coverAlt coverCaption coverImage { id alt caption }';

interface CoverData {
  id: string;
  version: number;
  coverAlt: string | null;
  coverCaption: string | null;
  coverImage: { id: string; alt: string | null; caption: string | null } | null;
}

interface RevisionData {
  id: string;
  action: string;
  version: number;
  changedFields: string[];
  snapshot: { coverAlt: string | null; coverCaption: string | null; coverImageId: string | null };
}

async function readCover(id: string): Promise<CoverData> {
  return dataOf(await h.gql<{ article: CoverData }>(`query($id: ID!) { article(id: $id) { ${COVER_FIELDS} } }`, { id }, { token: editor.token })).article;
}

function create(input: Record<string, unknown>) {
  return h.gql<{ createArticle: CoverData }>(`mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${COVER_FIELDS} } }`, { input }, { token: editor.token });
}

function update(id: string, input: Record<string, unknown>) {
  return h.gql<{ updateArticle: CoverData }>(`mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { ${COVER_FIELDS} } }`, { id, input }, { token: editor.token });
}

async function revisions(id: string): Promise<RevisionData[]> {
  const query = `query($id: ID!) { article(id: $id) { revisions { id action version changedFields snapshot { coverAlt coverCaption coverImageId } } } }`;
  return dataOf(await h.gql<{ article: { revisions: RevisionData[] } }>(query, { id }, { token: editor.token })).article.revisions;
}

describe('Article.coverAlt and coverCaption', () => {
  test('each article gives a shared image its own alt text and caption; without its own, the image’s show', async () => {
    const em = h.orm.em.fork();
    const shared = await createMedia(em, { alt: 'Ảnh chung', caption: 'Chú thích chung' });
    const own = buildArticle(em, { category, coverImage: shared });
    own.coverAlt = 'Người dân xếp hàng hiến máu';
    const plain = buildArticle(em, { category, coverImage: shared });
    const bare = buildArticle(em, { category, coverImage: null });
    bare.coverAlt = 'Không có ảnh';
    await em.flush();

    expect(await readCover(own.id)).toMatchObject({
      coverAlt: 'Người dân xếp hàng hiến máu',
      coverCaption: 'Chú thích chung',
      coverImage: { id: shared.id, alt: 'Ảnh chung', caption: 'Chú thích chung' },
    });
    expect(await readCover(plain.id)).toMatchObject({ coverAlt: 'Ảnh chung', coverCaption: 'Chú thích chung' });
    // No cover, nothing to describe.
    expect(await readCover(bare.id)).toMatchObject({ coverAlt: null, coverCaption: null, coverImage: null });

    const list = dataOf(await h.gql<{ articles: { nodes: CoverData[] } }>(
      `query($slug: String!) { articles(filter: { categorySlug: $slug }, first: 50) { nodes { ${COVER_FIELDS} } } }`,
      { slug: category.slug },
    ));
    const byId = new Map(list.articles.nodes.map((node) => [node.id, node]));
    expect(byId.get(own.id)?.coverAlt).toBe('Người dân xếp hàng hiến máu');
    expect(byId.get(plain.id)?.coverAlt).toBe('Ảnh chung');
  });

  test('costs no SQL statement beyond the cover itself, in lists and for one article', async () => {
    const em = h.orm.em.fork();
    const tag = `cover-${uniqueToken()}`;
    for (let i = 0; i < 12; i += 1) buildArticle(em, { category, tags: [tag], coverImage: await createMedia(em, { alt: `Ảnh ${i}` }) });
    await em.flush();
    const [one] = await h.orm.em.fork().getKnex()('article').where('tags', '@>', [tag]).limit(1).pluck('id');
    const statements = async (query: string, variables: Record<string, unknown>) => {
      const before = h.queryCount();
      dataOf(await h.gql(query, variables));
      return h.queryCount() - before;
    };
    const list = (fields: string) => statements(`query($tag: String!) { articles(first: 12, filter: { tag: $tag }) { nodes { ${fields} } } }`, { tag });
    const single = (fields: string) => statements(`query($id: ID!) { article(id: $id) { ${fields} } }`, { id: one });

    expect(await list('id coverAlt coverCaption coverImage { alt }')).toBe(await list('id'));
    expect(await list('id coverAlt coverCaption')).toBe(1);
    expect(await single('id coverAlt coverCaption coverImage { alt url }')).toBe(await single('id coverImage { alt url }'));
  });
});

describe('createArticle and updateArticle with coverAlt and coverCaption', () => {
  test('stores them NFC-normalized and trimmed, as written otherwise, and records them in the revision', async () => {
    const media = await createMedia(h.orm.em.fork(), { alt: 'Ảnh gốc' });
    const nfd = 'Ngày hội hiến máu'.normalize('NFD');
    const created = dataOf(await create({ title: `Bài ${uniqueToken()}`, categoryId: category.id, coverImageId: media.id, coverAlt: `  ${nfd} `, coverCaption: 'Dòng một\nDòng hai' })).createArticle;
    expect(created).toMatchObject({ coverAlt: 'Ngày hội hiến máu', coverCaption: 'Dòng một\nDòng hai', coverImage: { alt: 'Ảnh gốc' } });
    const row = await h.orm.em.getKnex()('article').first('cover_alt', 'cover_caption').where('id', created.id);
    expect(row).toEqual({ cover_alt: 'Ngày hội hiến máu', cover_caption: 'Dòng một\nDòng hai' });
    expect(row.cover_alt).toBe('Ngày hội hiến máu'.normalize('NFC'));
    const [revision] = await revisions(created.id);
    expect(revision.changedFields).toEqual(expect.arrayContaining(['coverImageId', 'coverAlt', 'coverCaption']));
    expect(revision.snapshot).toEqual({ coverAlt: 'Ngày hội hiến máu', coverCaption: 'Dòng một\nDòng hai', coverImageId: media.id });
  });

  test('refuses an alt over 1 000 characters, a caption over 2 000 and control characters, changing nothing', async () => {
    const media = await createMedia(h.orm.em.fork());
    const article = dataOf(await create({ title: `Bài ${uniqueToken()}`, categoryId: category.id, coverImageId: media.id, coverAlt: 'Trước' })).createArticle;
    expectBadInput(await update(article.id, { version: 1, coverAlt: 'a'.repeat(1_001) }), 'coverAlt');
    expectBadInput(await update(article.id, { version: 1, coverAlt: 'chuông\u0007' }), 'coverAlt');
    expectBadInput(await update(article.id, { version: 1, coverCaption: 'c'.repeat(2_001) }), 'coverCaption');
    expectBadInput(await create({ title: `Bài ${uniqueToken()}`, categoryId: category.id, coverAlt: 'x'.repeat(1_001) }), 'coverAlt');
    expect(await readCover(article.id)).toMatchObject({ version: 1, coverAlt: 'Trước' });
    // At the limit is fine (counted in characters, not UTF-16 units).
    expect(dataOf(await update(article.id, { version: 1, coverAlt: 'ạ'.repeat(1_000) })).updateArticle.coverAlt).toHaveLength(1_000);
  });

  test('records each change; null goes back to the image’s alt; a new cover drops the old one’s text; revert brings it back', async () => {
    const em = h.orm.em.fork();
    const first = await createMedia(em, { alt: 'Ảnh thứ nhất', caption: null });
    const second = await createMedia(em, { alt: 'Ảnh thứ hai', caption: 'Chú thích thứ hai' });
    const article = dataOf(await create({ title: `Bài ${uniqueToken()}`, categoryId: category.id, coverImageId: first.id })).createArticle;
    expect(article).toMatchObject({ coverAlt: 'Ảnh thứ nhất', coverCaption: null });

    const v2 = dataOf(await update(article.id, { version: 1, coverAlt: 'Riêng của bài', coverCaption: 'Ảnh: Quốc Vũ' })).updateArticle;
    expect(v2).toMatchObject({ version: 2, coverAlt: 'Riêng của bài', coverCaption: 'Ảnh: Quốc Vũ' });
    // The same values again: no change, no revision.
    expect(dataOf(await update(article.id, { version: 2, coverAlt: 'Riêng của bài' })).updateArticle.version).toBe(2);

    const v3 = dataOf(await update(article.id, { version: 2, coverAlt: null })).updateArticle;
    expect(v3).toMatchObject({ version: 3, coverAlt: 'Ảnh thứ nhất', coverCaption: 'Ảnh: Quốc Vũ' });

    const v4 = dataOf(await update(article.id, { version: 3, coverImageId: second.id })).updateArticle;
    expect(v4).toMatchObject({ version: 4, coverAlt: 'Ảnh thứ hai', coverCaption: 'Chú thích thứ hai' });

    const history = await revisions(article.id);
    expect(history.map((r) => [r.action, r.version, r.changedFields])).toEqual([
      ['UPDATE', 4, ['coverImageId', 'coverCaption']],
      ['UPDATE', 3, ['coverAlt']],
      ['UPDATE', 2, ['coverAlt', 'coverCaption']],
      ['CREATE', 1, expect.arrayContaining(['coverAlt', 'coverCaption'])],
    ]);
    expect(history[2].snapshot).toEqual({ coverAlt: 'Riêng của bài', coverCaption: 'Ảnh: Quốc Vũ', coverImageId: first.id });

    const reverted = dataOf(await revertRequest(h, editor.token, article.id, history[2].id, 4)).revertArticle;
    expect(reverted.version).toBe(5);
    expect(await readCover(article.id)).toMatchObject({ coverAlt: 'Riêng của bài', coverCaption: 'Ảnh: Quốc Vũ', coverImage: { id: first.id } });
  });
});

describe('the importer', () => {
  test('gives two pages that share one placeholder photo each its own cover alt text', async () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'bulletin.txt'), 'utf8');
    const titles = [`Hiến máu đợt một ${uniqueToken()}`, `Hiến máu đợt hai ${uniqueToken()}`];
    const results = [];
    for (const title of titles) {
      const text = page.replace('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022', title);
      results.push(await importBulletinPage(h.orm, parseBulletinPage(text, 'trang.txt'), { mediaStorage: new LocalMediaStorage(h.config.mediaDir) }));
    }
    const [a, b] = await Promise.all(results.map((result) => readCover(result.articleId)));
    // One Media row (same bytes), whose own alt is whichever page brought it first.
    expect(a.coverImage?.id).toBe(b.coverImage?.id);
    expect(a.coverImage?.alt).toBe('Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022');
    expect([a.coverAlt, b.coverAlt]).toEqual(titles);
  });
});
