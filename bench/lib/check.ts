import type { GraphqlBody, Workload, WorkloadInputs } from '../workloads';
import type { Peer, PeerId } from './peers';

/**
 * Every peer's answers, checked against the others before anything is timed: the same articles in
 * the same order with the same fields. P1 must answer Bulletin's JSON byte for byte; PostGraphile's
 * answers are compared after bringing them to Bulletin's shape (workloads.ts canonical()); P0 must
 * serve exactly the bytes it was given. A mismatch stops the run with the first difference.
 */

export interface Answer {
  text: string;
  data: Record<string, unknown>;
}

/** POST, retried on a network error (a keep-alive socket the server closed as it was reused), not on an answer. */
async function post(peer: Peer, request: GraphqlBody): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(`${peer.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(request) });
    } catch (error) {
      if (attempt >= 3) throw new Error(`${peer.name}: ${error instanceof Error ? `${error.message} (${String((error as { cause?: unknown }).cause)})` : String(error)}`, { cause: error });
    }
  }
}

export async function ask(peer: Peer, request: GraphqlBody): Promise<Answer> {
  const response = await post(peer, request);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${peer.name} answered HTTP ${response.status} to ${JSON.stringify(request.variables)}: ${text.slice(0, 500)}`);
  const parsed = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
  if (parsed.errors || !parsed.data) throw new Error(`${peer.name} answered with errors to ${JSON.stringify(request.variables)}: ${text.slice(0, 800)}`);
  return { text, data: parsed.data };
}

/** The first place two JSON values differ, as "path: a ≠ b". */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.join(',') !== keysB.join(',')) return `${path}: fields [${keysA.join(', ')}] ≠ [${keysB.join(', ')}]`;
    for (const key of keysA) {
      const inner = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
      if (inner) return inner;
    }
  }
  const show = (value: unknown) => {
    const text = JSON.stringify(value) ?? 'undefined';
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
  return `${path}: ${show(a)} ≠ ${show(b)}`;
}

async function inBatches<T>(count: number, parallel: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await run(i);
    }),
  );
  return results;
}

export interface CheckResult {
  /** Request bodies checked per peer. */
  checked: number;
  /** Mean answer size per peer, bytes. */
  meanBytes: Partial<Record<PeerId, number>>;
  /** Bulletin's answer to the first body (P0's canned response for W1). */
  firstAnswer?: string;
}

/** Checks every body of the workload on every peer against the reference (Bulletin, else P1). */
export async function checkWorkload(workload: Workload, peers: Peer[], inputs: WorkloadInputs): Promise<CheckResult> {
  const reference = peers.find((peer) => peer.id === 'P3') ?? peers.find((peer) => peer.id === 'P1');
  if (!reference) throw new Error(`${workload.id}: nothing to check the answers against (select P3 or P1)`);
  const others = peers.filter((peer) => peer !== reference && peer.id !== 'P0');
  const bodies = new Map(peers.map((peer) => [peer.id, workload.bodies(peer.id, inputs)]));
  const count = bodies.get(reference.id)?.length ?? 0;
  const bytes = new Map<PeerId, number>();
  let firstAnswer: string | undefined;
  await inBatches(count, 8, async (i) => {
    const expected = await ask(reference, (bodies.get(reference.id) as GraphqlBody[])[i]);
    if (i === 0) firstAnswer = expected.text;
    bytes.set(reference.id, (bytes.get(reference.id) ?? 0) + Buffer.byteLength(expected.text));
    const problem = workload.expect(workload.normalize(reference.id, expected.data));
    if (problem) throw new Error(`${workload.id}: ${reference.name}'s answer to ${JSON.stringify((bodies.get(reference.id) as GraphqlBody[])[i].variables)} is not a real one: ${problem}`);
    const want = workload.normalize(reference.id, expected.data);
    for (const peer of others) {
      const request = (bodies.get(peer.id) as GraphqlBody[])[i];
      const got = await ask(peer, request);
      bytes.set(peer.id, (bytes.get(peer.id) ?? 0) + Buffer.byteLength(got.text));
      // P1 answers Bulletin's JSON itself: compared as it is, field order included.
      const difference = peer.id === 'P1' && reference.id === 'P3' ? firstDifference(expected.data, got.data) : firstDifference(want, workload.normalize(peer.id, got.data));
      if (difference) {
        throw new Error(
          `MISMATCH on ${workload.id} between ${reference.name} and ${peer.name}, request ${JSON.stringify(request.variables)}:\n  ${difference}\n` +
            `  ${reference.name}: ${expected.text.slice(0, 400)}\n  ${peer.name}: ${got.text.slice(0, 400)}`,
        );
      }
    }
  });
  const meanBytes: Partial<Record<PeerId, number>> = {};
  for (const [id, total] of bytes) meanBytes[id] = Math.round(total / count);
  return { checked: count, meanBytes, firstAnswer };
}

/** P0 serves the bytes it was given: check that it does, once it runs. */
export async function checkCanned(peer: Peer, request: GraphqlBody, expected: string): Promise<void> {
  const got = await ask(peer, request);
  if (got.text !== expected) throw new Error(`MISMATCH: ${peer.name} does not serve its canned answer:\n  ${firstDifference(JSON.parse(expected), JSON.parse(got.text))}`);
}
