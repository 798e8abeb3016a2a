import net from 'node:net';

/** What a hand-written HTTP client saw: all the server sent, and when (ms after connecting) the server closed. */
export interface RawExchange {
  response: string;
  /** The status line, e.g. "HTTP/1.1 408 Request Timeout"; '' when the server sent nothing. */
  statusLine: string;
  /** The bytes after the head. */
  body: string;
  closedAfterMs: number;
}

export interface RawRequestOptions {
  /** Pause between two parts: a slow client. */
  gapMs?: number;
  /** The test's own limit: the socket is destroyed (closedAfterMs then says so) if the server has not closed by then. */
  giveUpMs?: number;
}

/**
 * Speaks HTTP/1.1 by hand over a socket, as a slow or stalling client would: writes `parts` one
 * by one, `gapMs` apart, then sends nothing more and waits for the server to close the connection
 * (`connection: close` in the request makes a served request end so too). A part left unwritten
 * because the server already closed is simply dropped.
 */
export async function rawRequest(url: string, parts: readonly string[], options: RawRequestOptions = {}): Promise<RawExchange> {
  const { port, hostname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A write racing the server's close fails with EPIPE or ECONNRESET: the close is what is measured.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const started = performance.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  const giveUp = setTimeout(() => socket.destroy(), options.giveUpMs ?? 10_000);

  for (const [index, part] of parts.entries()) {
    if (socket.destroyed || socket.writableEnded) break;
    if (index > 0 && options.gapMs) await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    if (socket.destroyed) break;
    socket.write(part);
  }
  const closedAfterMs = await closed;
  clearTimeout(giveUp);

  const response = Buffer.concat(chunks).toString('utf8');
  const headEnd = response.indexOf('\r\n\r\n');
  return { response, statusLine: response.split('\r\n')[0], body: headEnd < 0 ? '' : response.slice(headEnd + 4), closedAfterMs };
}

/** The head of a POST /graphql whose body is `contentLength` bytes (the client may never send them all). */
export function graphqlPostHead(contentLength: number): string {
  return `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\nConnection: close\r\n\r\n`;
}
