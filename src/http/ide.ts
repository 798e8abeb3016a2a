import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../shared/html';
import { acceptsHtml, sendPlainPage } from './html-page';
import { buildIdeAssets, type IdeAsset } from './ide-assets';
import { IDE_CSP, IDE_ENDPOINT, IDE_HTML } from './ide-page';
import { answerNotModified, send } from './reply';

export { IdeUnavailableError } from './ide-assets';

let assets: ReadonlyMap<string, IdeAsset> | undefined;

/**
 * The IDE's files, found on first call (its packages are development dependencies, absent from
 * the production image: nothing looks for them unless GRAPHQL_IDE is on).
 * Throws IdeUnavailableError (a ConfigError, one line) when they are not installed.
 */
export function loadIdeAssets(): ReadonlyMap<string, IdeAsset> {
  assets ??= buildIdeAssets();
  return assets;
}

/** Call once at startup when config.ide is on: fails fast, with one clear line, when the IDE cannot be served. */
export function assertIdeAvailable(): void {
  loadIdeAssets();
}

/**
 * The in-browser IDE (GraphiQL, development): the page on GET /graphql for a browser navigating.
 * The route table calls this only when config.ide is on. Returns false when the request is not
 * for it, so the caller answers (GraphQL).
 */
export function serveIdePage(req: IncomingMessage, reply: FastifyReply): boolean {
  return servePage(req, reply, new URL(req.url ?? '/', 'http://localhost'));
}

/** The IDE's static files, one route each (paths of loadIdeAssets()). */
export function serveIdeAsset(req: IncomingMessage, reply: FastifyReply, asset: IdeAsset): void {
  const { body, etag } = asset.load();
  // Revalidate rather than cache for long: the file changes when the pinned package is upgraded.
  const headers = {
    'content-type': asset.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=0, must-revalidate',
    etag,
  };
  if (answerNotModified(req, reply, etag, headers)) return;
  send(reply, 200, { ...headers, 'content-length': body.length }, body);
}

/** A browser navigating to /graphql: it asks for a page and sends no GraphQL request. */
function isBrowserNavigation(req: IncomingMessage, url: URL): boolean {
  return acceptsHtml(req) && !url.searchParams.has('query');
}

/** Browsers navigating to /graphql get the IDE; GraphQL GET requests (with ?query=) and API clients do not. */
function servePage(req: IncomingMessage, reply: FastifyReply, url: URL): boolean {
  if (!isBrowserNavigation(req, url)) return false;
  send(
    reply,
    200,
    {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': IDE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The page is tiny and names unversioned asset URLs: always fetch it fresh.
      'cache-control': 'no-store',
    },
    IDE_HTML,
  );
  return true;
}

const EXAMPLE_REQUEST = `curl -X POST https://<this server>${IDE_ENDPOINT} \\
  -H 'content-type: application/json' \\
  -d '{"query": "{ articles(first: 3) { nodes { title slug } } }"}'`;

/**
 * With the IDE off (production by default), a browser navigating to /graphql would get Apollo's
 * CSRF-prevention text, which reads like a fault. Say what is going on instead: 404, since there
 * is no page here. GraphQL GET requests (with ?query=) and API clients are left to Apollo.
 */
export function serveIdeDisabledNotice(req: IncomingMessage, reply: FastifyReply): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== IDE_ENDPOINT || !isBrowserNavigation(req, url)) return false;
  sendPlainPage(
    reply,
    404,
    'GraphQL IDE disabled',
    `<h1>The GraphQL IDE is disabled on this server</h1>
<p>This address is the Bulletin GraphQL API. Its in-browser IDE is off here (<code>GRAPHQL_IDE=false</code>, the default in production); the operator can turn it on with <code>GRAPHQL_IDE=true</code>.</p>
<p>Send GraphQL as a <code>POST</code> to <code>${IDE_ENDPOINT}</code> with a JSON body; add <code>Authorization: Bearer &lt;token&gt;</code> to act as a signed-in user:</p>
<pre>${escapeHtml(EXAMPLE_REQUEST)}</pre>`,
    { 'cache-control': 'no-store' },
  );
  return true;
}
