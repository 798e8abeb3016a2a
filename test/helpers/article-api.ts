// Shared by the article tests: the article mutations as a client sends them, and
// database reads that prove what a request did (or did not) change.
import type { Knex } from '@mikro-orm/postgresql';
import { dataOf } from './expect-graphql';
import type { GraphQLResult, Harness } from './harness';

export const ARTICLE_FIELDS = 'id slug title excerpt body status publishedAt version tags';

export interface ArticleData {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  body: string;
  status: string;
  publishedAt: string | null;
  version: number;
  tags: string[];
}

export interface ContentInput {
  title?: string;
  excerpt?: string;
  body?: string;
  categoryId?: string;
  coverImageId?: string | null;
  tags?: string[];
  slug?: string;
}

export function createArticleRequest(h: Harness, token: string | undefined, input: ContentInput): Promise<GraphQLResult<{ createArticle: ArticleData }>> {
  return h.gql(`mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${ARTICLE_FIELDS} } }`, { input }, { token });
}

export async function createDraft(h: Harness, token: string, input: ContentInput & { categoryId: string }): Promise<ArticleData> {
  return dataOf(await createArticleRequest(h, token, { title: `Bài viết ${Math.random().toString(36).slice(2, 8)}`, ...input })).createArticle;
}

export function updateArticleRequest(
  h: Harness,
  token: string | undefined,
  id: string,
  input: ContentInput & { version: number },
): Promise<GraphQLResult<{ updateArticle: ArticleData }>> {
  return h.gql(`mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { ${ARTICLE_FIELDS} } }`, { id, input }, { token });
}

/** A workflow mutation taking only the article id (submitArticle, archiveArticle, …). */
export function moveRequest(h: Harness, token: string | undefined, mutation: string, id: string): Promise<GraphQLResult<Record<string, ArticleData>>> {
  return h.gql(`mutation($id: ID!) { ${mutation}(id: $id) { ${ARTICLE_FIELDS} } }`, { id }, { token });
}

export function publishRequest(h: Harness, token: string | undefined, id: string, at?: Date): Promise<GraphQLResult<{ publishArticle: ArticleData }>> {
  return h.gql(`mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { ${ARTICLE_FIELDS} } }`, { id, at: at?.toISOString() }, { token });
}

export function requestChangesRequest(h: Harness, token: string | undefined, id: string, note: string): Promise<GraphQLResult<{ requestChanges: ArticleData }>> {
  return h.gql(`mutation($id: ID!, $note: String!) { requestChanges(id: $id, note: $note) { ${ARTICLE_FIELDS} } }`, { id, note }, { token });
}

export function revertRequest(h: Harness, token: string | undefined, id: string, revisionId: string, version: number): Promise<GraphQLResult<{ revertArticle: ArticleData }>> {
  return h.gql(
    `mutation($id: ID!, $revisionId: ID!, $version: Int!) { revertArticle(id: $id, revisionId: $revisionId, version: $version) { ${ARTICLE_FIELDS} } }`,
    { id, revisionId, version },
    { token },
  );
}

export interface RevisionData {
  id: string;
  action: string;
  version: number;
  changedFields: string[];
  note: string | null;
  actor: { id: string } | null;
  snapshot: { title: string; slug: string; status: string };
}

export function revisionsRequest(h: Harness, token: string | undefined, id: string): Promise<GraphQLResult<{ article: { revisions: RevisionData[] } | null }>> {
  return h.gql(
    `query($id: ID!) { article(id: $id) { revisions { id action version changedFields note actor { id } snapshot { title slug status } } } }`,
    { id },
    { token },
  );
}

export { errorCodes } from './expect-graphql';

/** The article row and its revision count, straight from the database. */
export async function articleState(knex: Knex, id: string): Promise<Record<string, unknown>> {
  const row = await knex('article').first('version', 'status', 'title', 'slug', 'published_at', 'updated_at', 'deleted_at', 'review_note').where('id', id);
  const [{ count }] = await knex('article_revision').where('article_id', id).count<{ count: string }[]>({ count: '*' });
  return { ...row, revisions: Number(count) };
}

export async function revisionActions(knex: Knex, id: string): Promise<string[]> {
  return knex('article_revision').where('article_id', id).orderBy('version', 'desc').pluck('action');
}
