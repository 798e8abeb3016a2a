import { randomUUID } from 'node:crypto';
import { bulletinCommand } from './bulletin-process';
import type { Target } from './traffic';

/**
 * What a run needs in a production database (which starts empty), made the way an operator and
 * the newsroom would: accounts with `bulletin user:create`, then a category and a published article
 * through the API.
 */
export interface RunNewsroom extends Target {
  editorToken: string;
}

const PASSWORD = 'reliability run password';

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`set-up request failed: ${JSON.stringify(body)}`);
  return body.data;
}

export async function login(url: string, email: string): Promise<string> {
  const data = await gql<{ login: { token: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: PASSWORD });
  return data.login.token;
}

export function createAccount(databaseUrl: string, role: 'AUTHOR' | 'EDITOR' | 'ADMIN'): string {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@reliability.test`;
  bulletinCommand(['user:create', '--email', email, '--role', role], { DATABASE_URL: databaseUrl, BULLETIN_PASSWORD: PASSWORD });
  return email;
}

export async function draftArticle(url: string, token: string, categoryId: string, title: string): Promise<string> {
  const data = await gql<{ createArticle: { id: string } }>(url, 'mutation($i: CreateArticleInput!) { createArticle(input: $i) { id } }', { i: { title, categoryId, body: '<p>Reliability run</p>' } }, token);
  return data.createArticle.id;
}

export async function publishArticle(url: string, token: string, id: string, at?: Date): Promise<void> {
  await gql(url, 'mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { id } }', { id, at: at?.toISOString() }, token);
}

export async function prepareNewsroom(url: string, databaseUrl: string): Promise<RunNewsroom> {
  const [authorEmail, editorEmail] = [createAccount(databaseUrl, 'AUTHOR'), createAccount(databaseUrl, 'EDITOR')];
  const [token, editorToken] = [await login(url, authorEmail), await login(url, editorEmail)];
  const category = await gql<{ createCategory: { id: string } }>(url, 'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id } }', { i: { name: `Reliability ${randomUUID().slice(0, 8)}` } }, editorToken);
  const categoryId = category.createCategory.id;
  const articleId = await draftArticle(url, editorToken, categoryId, `Counted article ${randomUUID().slice(0, 8)}`);
  await publishArticle(url, editorToken, articleId);
  return { url, token, editorToken, categoryId, articleId };
}

/**
 * A subscriber nobody answers for (the .example domain is reserved): runs that count the outbox
 * start Bulletin with WEBHOOK_WORKER=false, so its deliveries stay PENDING and are never sent.
 */
export const UNANSWERED_WEBHOOK_URL = 'https://hooks.reliability.example/bulletin';

/** An admin (made with `bulletin user:create`) subscribes a webhook to ARTICLE_PUBLISHED: its id. */
export async function subscribeToPublishes(url: string, databaseUrl: string, webhookUrl = UNANSWERED_WEBHOOK_URL): Promise<string> {
  const adminToken = await login(url, createAccount(databaseUrl, 'ADMIN'));
  const created = await gql<{ createWebhook: { webhook: { id: string } } }>(
    url,
    'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }',
    { i: { url: webhookUrl, events: ['ARTICLE_PUBLISHED'] } },
    adminToken,
  );
  return created.createWebhook.webhook.id;
}
