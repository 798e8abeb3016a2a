import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../shared/html';
import { send } from './reply';

/** No script, no outside resource: only the page's own inline <style>. */
export const PLAIN_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}';

/** Whether the client asked for a page (a browser navigating) rather than data. */
export function acceptsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/** A small HTML page of our own (landing, notices). `body` is HTML already escaped by the caller. */
export function sendPlainPage(reply: FastifyReply, status: number, title: string, body: string, headers: Record<string, string> = {}): void {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
  send(
    reply,
    status,
    {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PLAIN_PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    },
    page,
  );
}
