import { createHash } from 'node:crypto';

/**
 * Bulletin's GraphQL API as this frontend calls it: one request per page, anonymous (no secret
 * lives in the portal), and timed so each page can report its API time in Server-Timing.
 *
 * Queries go as GET with an automatic persisted query (APQ): the URL carries the document's
 * SHA-256 instead of the document, so it is short and the same for every reader of a page (what
 * an HTTP cache in front of Bulletin keys on). The first time Bulletin has not seen a hash it
 * answers PERSISTED_QUERY_NOT_FOUND, and the client sends the document once with its hash.
 */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

/** Bulletin did not answer, or answered something that is not a GraphQL result. */
export class BulletinUnavailableError extends Error {}

/** Bulletin answered with errors: the page cannot be built from a partial answer. */
export class BulletinQueryError extends Error {
  constructor(readonly errors: GraphQLError[]) {
    super(`Bulletin answered with errors: ${errors.map((error) => `${error.extensions?.code ?? '?'}: ${error.message}`).join('; ')}`);
  }
}

export interface TimedResult<T> {
  data: T;
  /** Wall time of the page's request(s), sent to parsed body, in milliseconds. */
  durationMs: number;
  /** Bulletin's x-cache header (HIT or MISS) when it sent one. */
  cache: string | null;
  /** True when the document itself had to be sent (Bulletin did not know its hash yet). */
  registeredQuery: boolean;
}

export type Transport = 'get' | 'post';

/**
 * The reader a page is for. Ad servings are per reader (rotation, frequency caps): Bulletin tells
 * readers apart by address and user agent, so the portal passes the reader's on (the address is
 * used when Bulletin runs with TRUST_PROXY=true behind this portal).
 */
export interface Reader {
  address: string;
  userAgent?: string;
}

export interface BulletinClientOptions {
  transport?: Transport;
  /** The fetch to use (a recording wrapper in tests); the global one by default. */
  fetch?: typeof fetch;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

const REQUEST_TIMEOUT_MS = 10_000;
const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

export class BulletinClient {
  private readonly endpoint: string;
  private readonly transport: Transport;
  private readonly fetch: typeof fetch;
  private readonly hashes = new Map<string, string>();

  constructor(bulletinUrl: string, options: BulletinClientOptions = {}) {
    this.endpoint = `${bulletinUrl}/graphql`;
    this.transport = options.transport ?? 'get';
    this.fetch = options.fetch ?? fetch;
  }

  async query<T>(document: string, variables: Record<string, unknown>, reader?: Reader): Promise<TimedResult<T>> {
    const started = performance.now();
    const headers = readerHeaders(reader);
    let registeredQuery = false;
    let answer = this.transport === 'post' ? await this.send<T>('POST', { query: document, variables }, headers) : await this.send<T>('GET', this.persisted(document, variables), headers);
    if (this.transport === 'get' && answer.body.errors?.some((error) => error.extensions?.code === PERSISTED_QUERY_NOT_FOUND)) {
      registeredQuery = true;
      answer = await this.send<T>('GET', { ...this.persisted(document, variables), query: document }, headers);
    }
    const durationMs = performance.now() - started;
    const { body, response } = answer;
    if (body.errors?.length) throw new BulletinQueryError(body.errors);
    if (!body.data) throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} answered ${response.status} without data`);
    return { data: body.data, durationMs, cache: response.headers.get('x-cache'), registeredQuery };
  }

  private persisted(document: string, variables: Record<string, unknown>): Record<string, unknown> {
    let hash = this.hashes.get(document);
    if (!hash) {
      hash = createHash('sha256').update(document).digest('hex');
      this.hashes.set(document, hash);
    }
    return { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
  }

  private async send<T>(method: 'GET' | 'POST', request: Record<string, unknown>, extraHeaders: Record<string, string>): Promise<{ body: GraphQLBody<T>; response: Response }> {
    const url = method === 'GET' ? `${this.endpoint}?${searchParams(request)}` : this.endpoint;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        // Apollo's CSRF protection asks a GET to prove it is no cross-site form or image: a
        // server-side client says so with this header (it carries no secret).
        headers: {
          accept: 'application/json',
          ...(method === 'GET' ? { 'apollo-require-preflight': 'true' } : { 'content-type': 'application/json' }),
          ...extraHeaders,
        },
        body: method === 'POST' ? JSON.stringify(request) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as GraphQLBody<T> | null;
    if (!body || typeof body !== 'object') throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} answered ${response.status} without a GraphQL result`);
    return { body, response };
  }
}

function readerHeaders(reader: Reader | undefined): Record<string, string> {
  if (!reader) return {};
  return { 'x-forwarded-for': reader.address, ...(reader.userAgent ? { 'user-agent': reader.userAgent } : {}) };
}

/** GraphQL over GET: every parameter but the document is JSON in the query string. */
function searchParams(request: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request)) {
    if (value !== undefined) params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params.toString();
}
