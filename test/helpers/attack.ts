import type { GraphQLResult, Harness } from './harness';

/**
 * Helpers of the hostile suite (test/security/): each test file is one class of attack, and
 * every test names its class, so the suite reads as a catalogue of what was tried.
 */

/** `describe` title of a class of attack: "[resource exhaustion] …". */
export function attackClass(name: string): string {
  return `[${name}]`;
}

/** Runs `attack` and returns its answer with the SQL statements it caused. */
export async function withStatementCount<T>(h: Harness, attack: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = h.queryCount();
  const result = await attack();
  return { result, statements: h.queryCount() - before };
}

/**
 * A refusal that must come before any resolver or SQL: exactly one error with this code (and
 * limit, when it is a query limit), no data, no statement sent.
 */
export async function expectRefusedBeforeExecution(h: Harness, attack: () => Promise<GraphQLResult<unknown>>, code: string, limit?: string): Promise<GraphQLResult<unknown>> {
  const { result, statements } = await withStatementCount(h, attack);
  expect(result.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  if (limit !== undefined) expect(result.errors?.[0].extensions?.limit).toBe(limit);
  expect(result.data ?? null).toBeNull();
  expect(statements).toBe(0);
  return result;
}

/** A POST to /graphql with any body (a batch, a raw string), answered as parsed JSON. */
export async function postGraphQL(h: Harness, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion to show
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * Payloads for classes whose features are built elsewhere, so that their tests join this suite
 * with the same inputs: ad alt text and link text (XSS), ad click targets (open redirect),
 * webhook URLs (SSRF). Each list is what a test of that feature must refuse or neutralise.
 */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '"><iframe src="https://evil.example">',
  '<p style="background:url(javascript:alert(1))">x</p>',
] as const;

/** Click targets an ad must never redirect to (open redirect): other schemes, protocol-relative and userinfo tricks. */
export const OPEN_REDIRECT_TARGETS = ['javascript:alert(1)', '//evil.example', 'https://evil.example', 'https://tin.example.vn@evil.example', '/\\evil.example', 'data:text/html,<script>alert(1)</script>'] as const;

/** Webhook URLs that reach the server's own network (SSRF): loopback, link-local metadata, private ranges, other schemes. */
export const SSRF_TARGETS = [
  'http://127.0.0.1:5432/',
  'http://localhost/',
  'http://[::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://0x7f000001/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
] as const;

/** What no stored HTML or SVG we serve may still hold after sanitizing. */
export const ACTIVE_CONTENT = /<script|\son[a-z]+\s*=|javascript:|<iframe|<foreignObject|<style/i;

/**
 * A credential that must no longer work (a session after logout, a revoked API key): a request
 * carrying `headers` is refused with 401 UNAUTHENTICATED, never answered as anonymous.
 * The API-key revocation test passes `{ 'x-api-key': key }`.
 */
export async function expectCredentialRefused(h: Harness, headers: Record<string, string>, query = '{ __typename }'): Promise<void> {
  const result = await h.gql(query, undefined, { headers });
  expect(result.status).toBe(401);
  expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(result.data ?? null).toBeNull();
}
