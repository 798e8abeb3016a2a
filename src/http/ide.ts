import type { IncomingMessage, ServerResponse } from 'node:http';
import { IDE_ASSETS } from './ide-assets';
import { IDE_CSP, IDE_ENDPOINT, IDE_HTML } from './ide-page';

/**
 * The in-browser IDE (GraphiQL, development). app.ts calls this only when config.ide is on.
 * Returns false when the request is not for it, so the caller answers (GraphQL or 404).
 */
export function serveIde(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === IDE_ENDPOINT) return servePage(req, res, url);
  const asset = IDE_ASSETS.get(url.pathname);
  if (!asset) return false;
  const { body, etag } = asset.load();
  // Revalidate rather than cache for long: the file changes when the pinned package is upgraded.
  const headers = {
    'content-type': asset.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=0, must-revalidate',
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
  return true;
}

/** Browsers navigating to /graphql get the IDE; GraphQL GET requests (with ?query=) and API clients do not. */
function servePage(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const accept = req.headers.accept ?? '';
  if (!accept.includes('text/html') || url.searchParams.has('query')) return false;
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': IDE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The page is tiny and names unversioned asset URLs: always fetch it fresh.
      'cache-control': 'no-store',
    })
    .end(IDE_HTML);
  return true;
}
