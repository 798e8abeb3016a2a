import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { findProjectRoot } from '../../seeds/project-root';
import { escapeHtml } from '../shared/html';
import { acceptsHtml, sendPlainPage } from './html-page';
import { IDE_ENDPOINT } from './ide-page';
import { send } from './reply';

export interface LandingDocument {
  service: string;
  description: string;
  version: string;
  /** Paths on this server. */
  endpoints: {
    /** GraphQL over HTTP: POST a JSON body (GET with ?query= for queries). */
    graphql: string;
    /** The in-browser IDE: open in a browser. Absent when GRAPHQL_IDE is off. */
    ide?: string;
    /** Liveness: the process answers. */
    health: string;
    /** Readiness: the database answers. */
    ready: string;
  };
}

/** The service's name and version, read once (from the compiled tree too: dist/ has no package.json). */
export function readServiceInfo(root: string = findProjectRoot(__dirname)): { name: string; description: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; description?: string; version?: string };
  return { name: pkg.name ?? 'bulletin', description: pkg.description ?? '', version: pkg.version ?? 'unknown' };
}

export function landingDocument(options: { ide: boolean; version: string; description: string }): LandingDocument {
  return {
    service: 'Bulletin',
    description: options.description,
    version: options.version,
    endpoints: {
      graphql: IDE_ENDPOINT,
      ...(options.ide ? { ide: IDE_ENDPOINT } : {}),
      health: '/healthz',
      ready: '/readyz',
    },
  };
}

function landingPage(doc: LandingDocument): string {
  const { endpoints } = doc;
  const link = (href: string) => `<a href="${escapeHtml(href)}"><code>${escapeHtml(href)}</code></a>`;
  const items = [
    `<li>API: <code>POST ${escapeHtml(endpoints.graphql)}</code> (GraphQL, JSON body; <code>Authorization: Bearer &lt;token&gt;</code> to sign in)</li>`,
    endpoints.ide ? `<li>IDE: ${link(endpoints.ide)} (open in this browser)</li>` : '<li>IDE: disabled on this server (<code>GRAPHQL_IDE</code>)</li>',
    `<li>Health: ${link(endpoints.health)} (the process answers), ${link(endpoints.ready)} (the database answers)</li>`,
  ];
  return `<h1>${escapeHtml(doc.service)} <small>${escapeHtml(doc.version)}</small></h1>
<p>${escapeHtml(doc.description)}</p>
<ul>
${items.join('\n')}
</ul>`;
}

/**
 * `GET /`: what this server is and where its parts are, as JSON (and a small page for browsers)
 * instead of a bare 404. Reads package.json once, when the app is built.
 */
export function createLanding(options: { ide: boolean }): (req: IncomingMessage, reply: FastifyReply) => void {
  const info = readServiceInfo();
  const doc = landingDocument({ ide: options.ide, version: info.version, description: info.description });
  const json = JSON.stringify(doc);
  const page = landingPage(doc);
  const headers = { 'cache-control': 'no-cache', vary: 'accept' };
  return (req, reply) => {
    if (acceptsHtml(req)) return sendPlainPage(reply, 200, `${doc.service} ${doc.version}`, page, headers);
    send(reply, 200, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }, json);
  };
}
