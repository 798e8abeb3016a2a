import type { Category } from '../../src/modules/category/category.entity';
import type { SignedIn } from '../helpers/accounts';
import { articleState, createDraft, errorCodes, updateArticleRequest } from '../helpers/article-api';
import { dataOf, expectBadInput } from '../helpers/expect-graphql';
import { uniqueToken } from '../helpers/factories';
import type { Harness } from '../helpers/harness';
import { publishedDraft, startNewsroom } from '../helpers/newsroom';

let h: Harness, author: SignedIn, editor: SignedIn, category: Category;
beforeAll(async () => ({ h, author, editor, category } = await startNewsroom()));
afterAll(() => h?.close());

const knex = () => h.orm.em.getKnex();

async function bySlug(slug: string, token?: string) {
  return dataOf(await h.gql<{ article: { id: string; slug: string } | null }>(`query($slug: String!) { article(slug: $slug) { id slug } }`, { slug }, { token })).article;
}

test('makes slugs from the Vietnamese title, -2, -3 … when taken', async () => {
  const token = uniqueToken();
  const title = `Quận Dương Kinh tổ chức Ngày hội hiến máu ${token}`;
  const slugs = [];
  for (let i = 0; i < 3; i += 1) slugs.push((await createDraft(h, author.token, { title, categoryId: category.id })).slug);
  const base = `quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-${token}`;
  expect(slugs).toEqual([base, `${base}-2`, `${base}-3`]);
});

test('gives concurrent articles with the same title different slugs', async () => {
  const token = uniqueToken();
  const results = await Promise.all(Array.from({ length: 5 }, () => createDraft(h, author.token, { title: `Tin nóng ${token}`, categoryId: category.id })));
  const base = `tin-nong-${token}`;
  expect(results.map((article) => article.slug).sort()).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`]);
});

test('gives a title without letters or digits a usable slug', async () => {
  const draft = await createDraft(h, author.token, { title: '!!! ???', categoryId: category.id });
  expect(draft.slug).toMatch(/^bai-viet(-\d+)?$/);
});

test('refuses an author setting the slug, changing nothing', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const before = await articleState(knex(), draft.id);
  const result = await updateArticleRequest(h, author.token, draft.id, { version: 1, slug: `tu-dat-${uniqueToken()}`, title: 'Kèm tiêu đề' });
  expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  expect(await articleState(knex(), draft.id)).toEqual(before);
});

test('an editor renames the slug; the old one still finds the article and is never given to another', async () => {
  const title = `Bản tin thời sự ${uniqueToken()}`;
  const article = await publishedDraft({ h, author, editor, category }, { title });
  const renamed = `ban-tin-moi-${uniqueToken()}`;
  const updated = dataOf(await updateArticleRequest(h, editor.token, article.id, { version: 2, slug: renamed })).updateArticle;
  expect(updated).toMatchObject({ slug: renamed, version: 3 });

  // Anonymous readers, by the old and the new slug: the same article, under its current slug.
  expect(await bySlug(article.slug)).toEqual({ id: article.id, slug: renamed });
  expect(await bySlug(renamed)).toEqual({ id: article.id, slug: renamed });

  // The same title again must not take the old slug (still in use as a redirect).
  const again = await createDraft(h, author.token, { title, categoryId: category.id });
  expect(again.slug).toBe(`${article.slug}-2`);

  // Neither the current nor the old slug of another article can be taken by an editor.
  for (const taken of [renamed, article.slug]) {
    const before = await articleState(knex(), again.id);
    const result = await updateArticleRequest(h, editor.token, again.id, { version: 1, slug: taken });
    expect(errorCodes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0].extensions?.field).toBe('slug');
    expect(await articleState(knex(), again.id)).toEqual(before);
  }

  // Taking back its own old slug is fine; the slug it leaves becomes the redirect.
  const back = dataOf(await updateArticleRequest(h, editor.token, article.id, { version: 3, slug: article.slug })).updateArticle;
  expect(back.slug).toBe(article.slug);
  expect(await bySlug(renamed)).toEqual({ id: article.id, slug: article.slug });
  expect(await knex()('article_slug').where('article_id', article.id).pluck('slug')).toEqual([renamed]);
});

test('keeps hidden articles hidden under their old slugs', async () => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  const renamed = `nhap-${uniqueToken()}`;
  dataOf(await updateArticleRequest(h, editor.token, draft.id, { version: 1, slug: renamed }));
  expect(await bySlug(draft.slug)).toBeNull();
  expect(await bySlug(draft.slug, author.token)).toEqual({ id: draft.id, slug: renamed });
});

test.each([['Có Dấu'], ['two--dashes'], ['-leading'], ['a'.repeat(121)], ['với khoảng trắng']])('refuses the malformed slug %p', async (slug) => {
  const draft = await createDraft(h, author.token, { categoryId: category.id });
  expectBadInput(await updateArticleRequest(h, editor.token, draft.id, { version: 1, slug }), 'slug');
});
