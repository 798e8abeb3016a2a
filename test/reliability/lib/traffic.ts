import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Client-side traffic for the reliability runs: each operation is recorded with what the server
 * answered, so a run can compare what was acknowledged with what PostgreSQL holds afterwards.
 */

export type OperationKind = 'read' | 'view' | 'save' | 'ad' | 'publish';

export interface Outcome {
  kind: OperationKind;
  /** When the request was sent (Date.now()); the first one's time when the operation takes two. */
  at: number;
  /** When its last request was sent: an ad's impression after its serving, a publish after its draft (`at` when it took one). */
  lastRequestAt: number;
  /** From `at` until the last answer. */
  ms: number;
  /** HTTP status; 0 when no answer came (connection refused, or no answer within the client's timeout: a hang). */
  status: number;
  /** extensions.code of the first error, if any. */
  code?: string;
  /** The write was acknowledged: a view answered true, a save answered with the article, an ad event counted 1, a publish PUBLISHED. */
  acknowledged: boolean;
  /** What identifies the write in the database: the saved or published article's title. */
  key?: string;
  /** Answered by the response micro-cache (X-Cache: HIT): a read that never reached PostgreSQL. */
  fromCache?: true;
}

export interface Target {
  /** Base URL of a Bulletin instance (http://127.0.0.1:4160). */
  url: string;
  /** A published article whose views are counted. */
  articleId: string;
  /** A category for new drafts. */
  categoryId: string;
  /** An author's bearer token, for saves. */
  token: string;
}

/** A request that has not answered in this long is a hang, which every run counts as a failure. */
export const HANG_MS = 20_000;
export const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

/**
 * A browser's user agent for a visitor never seen before. The tag is decimal digits: a UUID's hex
 * letters spell bot words now and then ("…-4aedfeed55a5" has "feed"), and isbot then refuses the
 * visitor, about once in 4,000 (measured over 200,000).
 */
export function newVisitorAgent(tag = 'visitor'): string {
  return `${BROWSER} ${tag}/${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER, ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, body, started, ms: Date.now() - started, fromCache: response.headers.get('x-cache') === 'HIT' };
  } catch (error) {
    const hang = (error as Error).name === 'TimeoutError';
    return { status: 0, body: { errors: [{ extensions: { code: hang ? 'HANG' : 'NO_ANSWER' } }] }, started, ms: Date.now() - started, fromCache: false };
  }
}

type GraphqlAnswer = Awaited<ReturnType<typeof graphql>>;

function outcome(kind: OperationKind, answer: GraphqlAnswer, acknowledged: boolean, key?: string): Outcome {
  return { kind, at: answer.started, lastRequestAt: answer.started, ms: answer.ms, status: answer.status, code: answer.body.errors?.[0]?.extensions?.code, acknowledged, key, ...(answer.fromCache ? { fromCache: true as const } : {}) };
}

/** The outcome of two requests in turn: the second one's answer, timed from the first one's start. */
function secondStepOutcome(first: GraphqlAnswer, second: Outcome): Outcome {
  return { ...second, at: first.started, ms: second.lastRequestAt + second.ms - first.started };
}

function createDraft(target: Pick<Target, 'url' | 'categoryId'>, token: string, title: string): Promise<GraphqlAnswer> {
  return graphql(
    target.url,
    'mutation($input: CreateArticleInput!) { createArticle(input: $input) { id title } }',
    { input: { title, categoryId: target.categoryId, body: '<p>Reliability run</p>' } },
    { authorization: `Bearer ${token}` },
  );
}

export async function readHomepage(target: Pick<Target, 'url'>): Promise<Outcome> {
  const answer = await graphql(target.url, '{ articles(first: 10) { nodes { id title viewCount category { name } } } }', {});
  return outcome('read', answer, false);
}

/** A view from a visitor never seen before (its own user agent), so dedupe never refuses it. */
export async function recordView(target: Pick<Target, 'url' | 'articleId'>): Promise<Outcome> {
  const answer = await graphql(target.url, 'mutation($id: ID!) { recordArticleView(articleId: $id) }', { id: target.articleId }, { 'user-agent': newVisitorAgent('v') });
  return outcome('view', answer, answer.body.data?.recordArticleView === true);
}

/** An author creates a draft whose title is unique: the database is then asked whether it exists. */
export async function saveDraft(target: Target, runTag: string): Promise<Outcome> {
  const title = `${runTag} ${randomUUID()}`;
  const answer = await createDraft(target, target.token, title);
  const created = answer.body.data?.createArticle as { title?: string } | undefined;
  return outcome('save', answer, created?.title === title, title);
}

/** A visitor never seen before is served the slot's ad and reports its impression: acknowledged when it was counted. */
export async function recordAdImpression(target: Pick<Target, 'url'>, slotKey: string): Promise<Outcome> {
  const visitor = { 'user-agent': newVisitorAgent('ad') };
  const served = await graphql(target.url, 'query($key: String!) { adSlot(key: $key) { ads(limit: 1) { impressionToken } } }', { key: slotKey }, visitor);
  const token = (served.body.data?.adSlot as { ads: { impressionToken: string }[] } | null | undefined)?.ads[0]?.impressionToken;
  // A 200 without an ad, or with an impression not counted, is named so that the tally shows it.
  if (!token) return { ...outcome('ad', served, false), code: served.body.errors?.[0]?.extensions?.code ?? 'NO_AD_SERVED' };
  const answer = await graphql(target.url, 'mutation($tokens: [String!]!) { recordAdEvents(tokens: $tokens, kind: IMPRESSION) }', { tokens: [token] }, visitor);
  const counted = answer.body.data?.recordAdEvents === 1;
  return secondStepOutcome(served, { ...outcome('ad', answer, counted), ...(answer.status === 200 && !counted ? { code: 'NOT_COUNTED' } : {}) });
}

/**
 * An editor drafts an article with a unique title and publishes it: acknowledged when
 * publishArticle answered PUBLISHED. A draft that failed is a failed publish (nothing to publish).
 */
export async function draftAndPublish(target: Pick<Target, 'url' | 'categoryId'>, editorToken: string, runTag: string): Promise<Outcome> {
  const title = `${runTag} publish ${randomUUID()}`;
  const drafted = await createDraft(target, editorToken, title);
  const id = (drafted.body.data?.createArticle as { id?: string } | undefined)?.id;
  if (!id) return outcome('publish', drafted, false, title);
  const answer = await graphql(target.url, 'mutation($id: ID!) { publishArticle(id: $id) { id status } }', { id }, { authorization: `Bearer ${editorToken}` });
  const published = (answer.body.data?.publishArticle as { status?: string } | undefined)?.status === 'PUBLISHED';
  return secondStepOutcome(drafted, { ...outcome('publish', answer, published, title), ...(answer.status === 200 && !published ? { code: 'NOT_PUBLISHED' } : {}) });
}

export interface TrafficRun {
  outcomes: Outcome[];
  stop(): Promise<void>;
}

export interface TrafficOptions {
  workers: number;
  runTag: string;
  pauseMs?: number;
  /** A slot whose ad each page view also reports an impression of. */
  adSlotKey?: string;
  /** An editor's token: each loop also drafts and publishes an article. */
  publisherToken?: string;
}

/**
 * `workers` loops, each sending in turn until stopped: a read, a view (together with the page's ad
 * impression, given a slot, as a page reports both at once), a save and (given an editor) a
 * publish. Sent together, views and ad impressions wait in their batches at the same moments.
 */
export function startMixedTraffic(target: Target, options: TrafficOptions): TrafficRun {
  const outcomes: Outcome[] = [];
  let running = true;
  const { adSlotKey, publisherToken } = options;
  const loop = async () => {
    while (running) {
      outcomes.push(await readHomepage(target));
      const [view, ad] = await Promise.all([recordView(target), adSlotKey ? recordAdImpression(target, adSlotKey) : undefined]);
      outcomes.push(view, ...(ad ? [ad] : []));
      outcomes.push(await saveDraft(target, options.runTag));
      if (publisherToken) outcomes.push(await draftAndPublish(target, publisherToken, options.runTag));
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  const loops = Array.from({ length: options.workers }, loop);
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Counts by kind and answer, for the printed report: `read 200: 120, read 200 cached: 30, read 503 SERVICE_UNAVAILABLE: 14, …`. */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const name = `${o.kind} ${o.status}${o.fromCache ? ' cached' : ''}${o.code ? ` ${o.code}` : ''}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort());
}
