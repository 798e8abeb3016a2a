import http from 'node:http';

/**
 * What the hand-written peers (P0, P1, P2) share: node:http, keep-alive, /healthz, a graceful stop
 * on SIGTERM/SIGINT or when the bench's IPC channel closes. Each peer is run by bench/run.ts as a
 * child process, compiled to JavaScript first (no TypeScript loader in the measured process).
 *
 * Environment: HOST (default 127.0.0.1), PORT.
 */

export function send(res: http.ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A GraphQL-over-HTTP request body, parsed: what P1 dispatches on. */
export interface GraphqlRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: Record<string, unknown> | null;
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(78);
  }
  return value;
}

/**
 * Serves `handle` for POST /graphql (and /healthz), or `raw` for every request when given (a
 * complete handler such as PostGraphile's middleware). `close` runs after the server stopped.
 */
export function servePeer(name: string, options: { handle?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>; raw?: http.RequestListener; close?: () => Promise<void> }): void {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') return send(res, 200, '{"status":"ok"}');
    if (options.raw) return options.raw(req, res);
    if (req.url !== '/graphql' || req.method !== 'POST' || !options.handle) return send(res, 404, '{"error":"Not found"}');
    options.handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, '{"errors":[{"message":"Internal server error"}]}');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      (options.close?.() ?? Promise.resolve()).finally(() => process.exit(0));
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.on('disconnect', stop);

  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    if (!process.send) console.error(`${name} on http://127.0.0.1:${port}/graphql`);
  });
}
