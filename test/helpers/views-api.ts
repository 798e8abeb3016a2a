import http from 'node:http';
import type { Harness } from './harness';

/** Shared by the view tests: readers, requests, and the stored figures. */

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** A normal browser user agent; each tag is another visitor (same address, another browser). */
export function browser(tag: string | number): string {
  return `${BROWSER} r/${tag}`;
}

export const RECORD_VIEW = 'mutation($id: ID!) { recordArticleView(articleId: $id) }';

/**
 * Keep-alive node:http client: thousands of requests from the test process itself cost it far less
 * CPU than fetch, and the server under test shares that CPU. Destroy it in afterAll.
 */
export const client = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method, agent: client, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** recordArticleView as a reader's browser sends it; returns the Boolean (throws on any error). */
export async function recordView(h: Pick<Harness, 'url'>, articleId: string, userAgent: string): Promise<boolean> {
  const answer = await request(`${h.url}/graphql`, 'POST', { 'content-type': 'application/json', 'user-agent': userAgent }, JSON.stringify({ query: RECORD_VIEW, variables: { id: articleId } }));
  const body = JSON.parse(answer.body) as { data?: { recordArticleView: boolean }; errors?: unknown };
  if (answer.status !== 200 || body.errors || typeof body.data?.recordArticleView !== 'boolean') {
    throw new Error(`recordArticleView failed: HTTP ${answer.status} ${answer.body}`);
  }
  return body.data.recordArticleView;
}

/** POST /views/:id; returns `counted` (throws unless a 200 JSON answer). */
export async function beacon(h: Pick<Harness, 'url'>, articleId: string, userAgent: string): Promise<boolean> {
  const answer = await request(`${h.url}/views/${articleId}`, 'POST', { 'user-agent': userAgent });
  if (answer.status !== 200) throw new Error(`beacon answered HTTP ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { counted: boolean }).counted;
}

/** Runs `count` tasks with at most `concurrency` in flight; results in task order. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export interface StoredViews {
  viewCount: number;
  /** Today's row in article_views_daily (newsroom day), 0 when there is none. */
  today: number;
  /** Every daily row of the article. */
  rows: number;
}

export async function storedViews(h: Harness, articleId: string): Promise<StoredViews> {
  const knex = h.orm.em.getKnex();
  const { rows } = (await knex.raw(
    `select a.view_count,
            coalesce((select views from article_views_daily where article_id = a.id and day = (now() at time zone ?)::date), 0) as today,
            (select count(*) from article_views_daily where article_id = a.id) as rows
     from article a where a.id = ?`,
    [h.config.timezone, articleId],
  )) as { rows: { view_count: number; today: number; rows: string }[] };
  if (rows.length === 0) return { viewCount: 0, today: 0, rows: 0 };
  return { viewCount: Number(rows[0].view_count), today: Number(rows[0].today), rows: Number(rows[0].rows) };
}
