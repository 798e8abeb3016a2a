import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A small closed-loop HTTP/1.1 load generator on plain sockets: each of `connections` keep-alive
 * connections sends the same pre-serialized request, waits for the whole response, sends again.
 * No per-request allocation beyond the response bytes, so on a 2-core machine it takes as little
 * CPU from the server under test as a Node client can.
 */

export interface LoadOptions {
  host: string;
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Requests completed during the warm-up are not counted. */
  warmupMs: number;
  durationMs: number;
  /** Counts a 2xx response as an error when this returns false (e.g. a GraphQL `errors` entry). */
  accept?: (body: Buffer) => boolean;
  /** Called when the warm-up ends and the measured window starts. */
  onMeasureStart?: () => void;
}

export interface LoadResult {
  /** Responses completed inside the measured window. */
  requests: number;
  /** Socket errors, non-2xx answers and rejected bodies inside the measured window. */
  errors: number;
  /** The measured window, in ms. */
  elapsedMs: number;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Status code → count (measured window only). */
  statuses: Map<number, number>;
  /** The first few error descriptions, to say what went wrong. */
  errorSamples: string[];
  /** Response body bytes received per response, on average. */
  meanResponseBytes: number;
}

const HANG_GRACE_MS = 10_000;
const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

interface ParsedResponse {
  /** Bytes of the buffer this response used. */
  end: number;
  status: number;
  body: Buffer;
  close: boolean;
}

/** Parses one response from the start of `buf`, or returns null when more bytes are needed. */
export function parseResponse(buf: Buffer): ParsedResponse | null {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  let contentLength = -1;
  let chunked = false;
  let close = false;
  let lineStart = head.indexOf('\r\n') + 2;
  while (lineStart > 1 && lineStart < head.length) {
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = head.length;
    const colon = head.indexOf(':', lineStart);
    if (colon > 0 && colon < lineEnd) {
      const name = head.slice(lineStart, colon).toLowerCase();
      const value = head.slice(colon + 1, lineEnd).trim().toLowerCase();
      if (name === 'content-length') contentLength = Number(value);
      else if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'connection') close = value.includes('close');
    }
    lineStart = lineEnd + 2;
  }
  const bodyStart = headEnd + 4;
  if (!chunked) {
    if (contentLength < 0) throw new Error(`response without content-length or chunked encoding (status ${status})`);
    if (buf.length < bodyStart + contentLength) return null;
    return { end: bodyStart + contentLength, status, body: buf.subarray(bodyStart, bodyStart + contentLength), close };
  }
  const parts: Buffer[] = [];
  let pos = bodyStart;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return null;
    const size = parseInt(buf.toString('latin1', pos, lineEnd).split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size in a chunked response');
    pos = lineEnd + 2;
    if (size === 0) {
      // No trailers (the usual case): a bare CRLF; otherwise trailers end with an empty line.
      if (buf.length < pos + 2) return null;
      if (buf[pos] === 13 && buf[pos + 1] === 10) return { end: pos + 2, status, body: Buffer.concat(parts), close };
      const trailersEnd = buf.indexOf(CRLF2, pos);
      if (trailersEnd < 0) return null;
      return { end: trailersEnd + 4, status, body: Buffer.concat(parts), close };
    }
    if (buf.length < pos + size + 2) return null;
    parts.push(buf.subarray(pos, pos + size));
    pos += size + 2;
  }
}

export function serializeRequest(options: Pick<LoadOptions, 'host' | 'port' | 'method' | 'path' | 'headers' | 'body'>): Buffer {
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body, 'utf8');
  const headers: Record<string, string> = { host: `${options.host}:${options.port}`, connection: 'keep-alive', ...options.headers };
  if (options.method !== 'GET' || body.length > 0) headers['content-length'] = String(body.length);
  const head = `${options.method} ${options.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Runs the closed loop: warm-up, then the measured window; resolves once every socket is closed. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request = serializeRequest(options);
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const measureTo = measureFrom + options.durationMs;

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  let responseBytes = 0;
  const statuses = new Map<number, number>();
  const errorSamples: string[] = [];
  let stopping = false;
  let open = 0;
  let finished = false;
  const sockets = new Set<net.Socket>();

  return new Promise<LoadResult>((resolve) => {
    const record = (sentAt: number, doneAt: number, status: number, ok: boolean, bodyBytes: number, problem?: string) => {
      if (doneAt < measureFrom || doneAt > measureTo) return;
      if (status > 0) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (!ok) {
        errors++;
        if (problem && errorSamples.length < 5) errorSamples.push(problem);
        return;
      }
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = doneAt - sentAt;
      responseBytes += bodyBytes;
    };

    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(hung);
      const sorted = latencies.slice(0, count).sort();
      let sum = 0;
      for (const value of sorted) sum += value;
      const elapsedMs = options.durationMs;
      resolve({
        requests: count,
        errors,
        elapsedMs,
        requestsPerSecond: (count / elapsedMs) * 1000,
        latency: {
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p99: percentile(sorted, 99),
          max: count > 0 ? sorted[count - 1] : Number.NaN,
          mean: count > 0 ? sum / count : Number.NaN,
        },
        statuses,
        errorSamples,
        meanResponseBytes: count > 0 ? responseBytes / count : 0,
      });
    };

    const connect = () => {
      if (stopping || performance.now() >= measureTo) {
        if (open === 0) finish();
        return;
      }
      open++;
      const socket = net.connect({ host: options.host, port: options.port });
      sockets.add(socket);
      socket.setNoDelay(true);
      let pending: Buffer | null = null;
      let sentAt = 0;
      let inFlight = false;
      let closed = false;

      const send = () => {
        if (stopping || performance.now() >= measureTo) {
          stopping = true;
          socket.end();
          return;
        }
        inFlight = true;
        sentAt = performance.now();
        socket.write(request);
      };

      const close = (problem?: string) => {
        if (closed) return;
        closed = true;
        sockets.delete(socket);
        socket.destroy();
        if (inFlight) record(sentAt, Math.min(performance.now(), measureTo), 0, false, 0, problem ?? 'connection closed mid-response');
        open--;
        if (!stopping && performance.now() < measureTo) {
          // Back off a little so a dead server does not turn the loop into a busy spin.
          setTimeout(connect, problem ? 50 : 0);
        } else if (open === 0) {
          finish();
        }
      };

      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          let parsed: ParsedResponse | null;
          try {
            parsed = parseResponse(pending);
          } catch (error) {
            close(error instanceof Error ? error.message : String(error));
            return;
          }
          if (parsed === null) return;
          const doneAt = performance.now();
          inFlight = false;
          const success = parsed.status >= 200 && parsed.status < 300;
          const accepted = success && (options.accept ? options.accept(parsed.body) : true);
          record(
            sentAt,
            doneAt,
            parsed.status,
            accepted,
            parsed.body.length,
            accepted ? undefined : `HTTP ${parsed.status}: ${parsed.body.toString('utf8', 0, Math.min(parsed.body.length, 300))}`,
          );
          pending = parsed.end === pending.length ? null : pending.subarray(parsed.end);
          if (parsed.close) {
            close();
            return;
          }
          if (pending === null) break;
        }
        send();
      });
      socket.on('error', (error) => close(error.message));
      socket.on('close', () => close());
    };

    // A request still unanswered this long after the window is a failure (counted in it), not a hang of the bench.
    const hung = setTimeout(() => {
      stopping = true;
      for (const socket of [...sockets]) socket.emit('error', new Error(`no response ${HANG_GRACE_MS / 1000} s after the measured window`));
    }, options.warmupMs + options.durationMs + HANG_GRACE_MS);

    if (options.onMeasureStart) setTimeout(options.onMeasureStart, Math.max(0, measureFrom - performance.now()));
    for (let i = 0; i < options.connections; i++) connect();
  });
}
