import type { IncomingMessage, ServerResponse } from 'node:http';

/** The in-browser IDE (development). Returns false when the request is not for it. */
export function serveIde(req: IncomingMessage, res: ServerResponse): boolean {
  const accept = req.headers.accept ?? '';
  if (!accept.includes('text/html')) return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/graphql' || url.searchParams.has('query')) return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Bulletin</title><p>GraphQL endpoint: POST /graphql');
  return true;
}
