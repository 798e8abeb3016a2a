import type { BulletinProcess } from './bulletin-process';
import type { RunNewsroom } from './newsroom';
import { BROWSER } from './traffic';

/** What the multi-instance run's checks get: two instances on one database and one Redis. */
export interface System {
  a: BulletinProcess;
  b: BulletinProcess;
  databaseUrl: string;
  newsroom: RunNewsroom;
  /** Logged in before any check runs: the login throttle check locks loopback out of further logins. */
  adminToken: string;
}
export type Check = (system: System) => Promise<{ ok: boolean; figures: Record<string, unknown> }>;


export interface RunAnswer {
  status: number;
  data?: Record<string, unknown>;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/** A GraphQL request as a browser sends it; the answer with its HTTP status, never thrown. */
export async function gql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RunAnswer> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': BROWSER, ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as Omit<RunAnswer, 'status'>) };
}

/** The first error's code, or OK. */
export const codeOf = (answer: RunAnswer): string => answer.errors?.[0]?.extensions?.code ?? 'OK';

/** Polls `check` every 20 ms until true; how long it took, or null when `timeoutMs` passed first. */
export async function msUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}
