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
