import { randomUUID } from 'node:crypto';
import { EXCERPT_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../src/modules/article/article.entity';
import type { Category } from '../../src/modules/category/category.entity';
import type { SignedIn } from '../helpers/accounts';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { createMedia, uniqueToken } from '../helpers/factories';
import type { Harness } from '../helpers/harness';
import { startNewsroom } from '../helpers/newsroom';
import { articleState, createArticleRequest, createDraft, updateArticleRequest, type ContentInput } from '../helpers/article-api';

let h: Harness, author: SignedIn, category: Category;
beforeAll(async () => ({ h, author, category } = await startNewsroom()));
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

const HOSTILE_BODY = [
  '<p>Người dân <strong>xếp hàng</strong> từ sáng.</p>',
  '<script>alert("x")</script>',
  '<img src="/media/abc.jpg" alt="Ảnh" onerror="alert(1)">',
  '<a href="javascript:alert(1)">bấm vào đây</a>',
  '<a href="https://example.org/" onclick="steal()">nguồn</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<p style="position:fixed" onmouseover="x()">Hết.</p>',
].join('\n');

test('sanitizes the body on write and stores its text and word count', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id, body: HOSTILE_BODY });
  for (const body of [draft.body, (await knex()('article').first('body').where('id', draft.id)).body as string]) {
    expect(body).not.toMatch(/<script|alert\(|onerror|onclick|onmouseover|javascript:|<iframe|evil\.example|style=/i);
    expect(body).toContain('<p>Người dân <strong>xếp hàng</strong> từ sáng.</p>');
    expect(body).toContain('<img src="/media/abc.jpg" alt="Ảnh" />');
    expect(body).toContain('<a href="https://example.org/">nguồn</a>');
  }
  const row = await knex()('article').first('body_text', 'word_count').where('id', draft.id);
  expect(row.body_text).toBe('Người dân xếp hàng từ sáng. bấm vào đây nguồn Hết.');
  expect(row.word_count).toBe(11);
});

test('sanitizes the body on update too', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const updated = dataOf(await updateArticleRequest(h, author.token, draft.id, { version: 1, body: HOSTILE_BODY })).updateArticle;
  expect(updated.body).not.toMatch(/<script|onerror|javascript:|<iframe/i);
});

test('keeps title and excerpt byte for byte after NFC and trimming', async () => {
  const title = 'Tom & Jerry: <b>"quoted"</b> — ‘Hà Nội’ 50% ♥';
  const excerpt = 'Dòng một,\ndòng hai <i>không phải HTML</i> & ký tự đặc biệt: \\ ` $ {}';
  const nfd = (text: string) => text.normalize('NFD');
  const draft = await createDraft(h, author.token, { categoryId: category.id, title: `  ${nfd(title)}\t`, excerpt: `\n${nfd(excerpt)}  ` });
  expect(draft.title).toBe(title);
  expect(draft.excerpt).toBe(excerpt);
  expect(Buffer.from(draft.title)).toEqual(Buffer.from(title.normalize('NFC')));
  const row = await knex()('article').first('title', 'excerpt').where('id', draft.id);
  expect(row).toEqual({ title, excerpt });
});

test('trims, normalizes and deduplicates tags', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id, tags: [' hiến máu ', 'hiến máu'.normalize('NFD'), 'Dương Kinh', 'hiến máu'] });
  expect(draft.tags).toEqual(['hiến máu', 'Dương Kinh']);
});

test('accepts an existing cover image and removes it with null', async () => {
  const media = await createMedia(h.orm.em.fork());
  const draft = await createDraft(h, author.token, { categoryId: category.id, coverImageId: media.id });
  const read = (id: string) => h.gql<{ article: { coverImage: { id: string } | null } }>(`query($id: ID!) { article(id: $id) { coverImage { id } } }`, { id }, { token: author.token });
  expect(dataOf(await read(draft.id)).article.coverImage).toEqual({ id: media.id });
  dataOf(await updateArticleRequest(h, author.token, draft.id, { version: 1, coverImageId: null }));
  expect(dataOf(await read(draft.id)).article.coverImage).toBeNull();
});

const BAD_INPUTS: [string, ContentInput, string][] = [
  ['an empty title', { title: '   ' }, 'title'],
  ['a title over TITLE_MAX_LENGTH', { title: 'ấ'.repeat(TITLE_MAX_LENGTH + 1) }, 'title'],
  ['a title with a line break', { title: 'Hai\ndòng' }, 'title'],
  ['an excerpt over EXCERPT_MAX_LENGTH', { excerpt: 'x'.repeat(EXCERPT_MAX_LENGTH + 1) }, 'excerpt'],
  ['a body over 200 000 characters', { body: `<p>${'x'.repeat(200_000)}</p>` }, 'body'],
  ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) }, 'tags'],
  ['a 51-character tag', { tags: ['x'.repeat(51)] }, 'tags'],
  ['an empty tag', { tags: ['ok', '  '] }, 'tags'],
  ['a malformed category id', { categoryId: 'not-a-uuid' }, 'categoryId'],
  ['a category that does not exist', { categoryId: randomUUID() }, 'categoryId'],
  ['a malformed cover image id', { coverImageId: '123' }, 'coverImageId'],
  ['a cover image that does not exist', { coverImageId: randomUUID() }, 'coverImageId'],
];

test.each(BAD_INPUTS)('refuses %s on create with BAD_USER_INPUT naming the field, creating nothing', async (_name, input, field) => {
  const title = `Không được tạo ${uniqueToken()}`;
  expectBadInput(await createArticleRequest(h, author.token, { title, categoryId: category.id, ...input }), field);
  expect(await knex()('article').where('title', title)).toEqual([]);
});

test.each(BAD_INPUTS)('refuses %s on update, changing nothing', async (_name, input, field) => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const before = await articleState(knex(), draft.id);
  expectBadInput(await updateArticleRequest(h, author.token, draft.id, { version: 1, ...input }), field);
  expect(await articleState(knex(), draft.id)).toEqual(before);
});

test('refuses a malformed article id with BAD_USER_INPUT', async () => {
  expectBadInput(await updateArticleRequest(h, author.token, 'nope', { version: 1, title: 'x' }), 'id');
});

test('has no input fields for author, status, version, counters or timestamps on create', async () => {
  const { __type } = dataOf(await h.gql<{ __type: { inputFields: { name: string }[] } }>(`{ __type(name: "CreateArticleInput") { inputFields { name } } }`));
  expect(__type.inputFields.map((field) => field.name).sort()).toEqual(['body', 'categoryId', 'coverAlt', 'coverCaption', 'coverImageId', 'excerpt', 'tags', 'title']);
  const result = await h.gql(`mutation($c: ID!) { createArticle(input: { title: "x", categoryId: $c, status: PUBLISHED }) { id } }`, { c: category.id }, { token: author.token });
  expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
