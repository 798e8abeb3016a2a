import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseResponse, serializeRequest } from '../load';

/**
 * A closed-loop view generator on plain keep-alive sockets (like bench/load.ts, whose HTTP parser it
 * uses): every request is a new visitor (its own user agent) reading an article picked by
 * `pickArticle`, through GraphQL or the beacon. It remembers, per article, every view the server
 * acknowledged with true, so the stored totals can be checked against it exactly.
 */

export type ViewPath = 'graphql' | 'beacon';

export interface ViewLoadOptions {
  host: string;
  port: number;
  connections: number;
  /** Which path connection i uses. */
  pathOf: (connection: number) => ViewPath;
  pickArticle: () => string;
  /** Makes visitors unique across runs against the same server. */
  visitorPrefix: string;
  /** Views answered during the warm-up count for the totals, not for rates and latencies. */
  warmupMs: number;
  durationMs: number;
  /** When it resolves, no request is sent any more and no connection reopened (the server was killed). */
  stop?: Promise<void>;
}

export interface PathStats {
  /** Answered true inside the measured window. */
  acknowledged: number;
  refused: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export interface ViewLoadResult {
  byPath: Record<ViewPath, PathStats>;
  /** Every true answer received (warm-up included), per article. */
  acknowledgedByArticle: Map<string, number>;
  acknowledged: number;
  /** Requests sent whose answer never came (connection closed under them). */
  cutOff: number;
  errorSamples: string[];
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const MUTATION = 'mutation($id: ID!) { recordArticleView(articleId: $id) }';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function runViewLoad(options: ViewLoadOptions): Promise<ViewLoadResult> {
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const endAt = measureFrom + options.durationMs;
  const latencies: Record<ViewPath, number[]> = { graphql: [], beacon: [] };
  const counts: Record<ViewPath, { acknowledged: number; refused: number; errors: number }> = {
    graphql: { acknowledged: 0, refused: 0, errors: 0 },
    beacon: { acknowledged: 0, refused: 0, errors: 0 },
  };
  const acknowledgedByArticle = new Map<string, number>();
  const errorSamples: string[] = [];
  let acknowledged = 0;
  let cutOff = 0;
  let visitors = 0;
  let stopped = false;
  let open = 0;
  void options.stop?.then(() => {
    stopped = true;
  });

  const build = (path: ViewPath, articleId: string): Buffer => {
    const userAgent = `${BROWSER} r/${options.visitorPrefix}-${visitors++}`;
    if (path === 'beacon') {
      return serializeRequest({ host: options.host, port: options.port, method: 'POST', path: `/views/${articleId}`, headers: { 'user-agent': userAgent }, body: '' });
    }
    return serializeRequest({
      host: options.host,
      port: options.port,
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ query: MUTATION, variables: { id: articleId } }),
    });
  };

  const verdict = (path: ViewPath, status: number, body: Buffer): boolean | string => {
    const text = body.toString('utf8');
    if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
    const yes = path === 'beacon' ? '{"counted":true}' : '"recordArticleView":true';
    const no = path === 'beacon' ? '{"counted":false}' : '"recordArticleView":false';
    if (text.includes(yes)) return true;
    if (text.includes(no)) return false;
    return `unexpected answer: ${text.slice(0, 200)}`;
  };

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      const seconds = options.durationMs / 1000;
      const stats = (path: ViewPath): PathStats => {
        const sorted = latencies[path].sort((a, b) => a - b);
        return { ...counts[path], perSecond: counts[path].acknowledged / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      };
      resolve({ byPath: { graphql: stats('graphql'), beacon: stats('beacon') }, acknowledgedByArticle, acknowledged, cutOff, errorSamples });
    };
    const over = () => stopped || performance.now() >= endAt;

    const connect = (index: number) => {
      if (over()) {
        if (open === 0) finish();
        return;
      }
      const path = options.pathOf(index);
      open++;
      const socket = net.connect({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      let pending: Buffer | null = null;
      let inFlight: { articleId: string; sentAt: number } | null = null;
      let closed = false;

      const send = () => {
        if (over()) {
          socket.end();
          return;
        }
        const articleId = options.pickArticle();
        inFlight = { articleId, sentAt: performance.now() };
        socket.write(build(path, articleId));
      };
      const close = (problem?: string) => {
        if (closed) return;
        closed = true;
        socket.destroy();
        if (inFlight) {
          cutOff++;
          if (problem && errorSamples.length < 5) errorSamples.push(`${path}: ${problem}`);
        }
        open--;
        if (!over()) setTimeout(() => connect(index), problem ? 50 : 0);
        else if (open === 0) finish();
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
        const parsed = parseResponse(pending);
        if (parsed === null || inFlight === null) return;
        pending = parsed.end === pending.length ? null : pending.subarray(parsed.end);
        const doneAt = performance.now();
        const outcome = verdict(path, parsed.status, parsed.body);
        const measured = doneAt >= measureFrom && doneAt <= endAt;
        if (outcome === true) {
          acknowledged++;
          acknowledgedByArticle.set(inFlight.articleId, (acknowledgedByArticle.get(inFlight.articleId) ?? 0) + 1);
          if (measured) {
            counts[path].acknowledged++;
            latencies[path].push(doneAt - inFlight.sentAt);
          }
        } else if (outcome === false) {
          if (measured) counts[path].refused++;
        } else {
          if (measured) counts[path].errors++;
          if (errorSamples.length < 5) errorSamples.push(`${path}: ${outcome}`);
        }
        inFlight = null;
        if (parsed.close) close();
        else send();
      });
      socket.on('error', (error) => close(error.message));
      socket.on('close', () => close(inFlight ? 'connection closed mid-request' : undefined));
    };

    for (let i = 0; i < options.connections; i++) connect(i);
    // A stop or the end of the window with every socket already closed still has to finish.
    void options.stop?.then(() => setTimeout(() => open === 0 && finish(), 0));
  });
}
