/**
 * Bulletin's GraphQL API as this frontend calls it: one request per page, anonymous (no secret
 * lives in the portal), and timed so each page can report its API time in Server-Timing.
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
  /** Wall time of the request, headers to parsed body, in milliseconds. */
  durationMs: number;
  /** Bulletin's x-cache header (HIT or MISS) when it sent one. */
  cache: string | null;
}

const REQUEST_TIMEOUT_MS = 10_000;

export class BulletinClient {
  private readonly endpoint: string;

  constructor(bulletinUrl: string) {
    this.endpoint = `${bulletinUrl}/graphql`;
  }

  async query<T>(document: string, variables: Record<string, unknown>): Promise<TimedResult<T>> {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} did not answer: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLError[] } | null;
    const durationMs = performance.now() - started;
    if (!body || typeof body !== 'object') throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} answered ${response.status} without a GraphQL result`);
    if (body.errors?.length) throw new BulletinQueryError(body.errors);
    if (!body.data) throw new BulletinUnavailableError(`Bulletin at ${this.endpoint} answered ${response.status} without data`);
    return { data: body.data, durationMs, cache: response.headers.get('x-cache') };
  }
}
