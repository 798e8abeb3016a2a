import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ReaderFingerprint } from '../modules/view/view-recorder';
import { send } from './reply';
import { clientAddress } from './viewer';

/** The classic 43-byte transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Counts one event of a subject (an article id, an ad serving token) for a reader: true once committed. */
export interface BeaconRecorder {
  record(subject: string, reader: ReaderFingerprint): Promise<boolean>;
}

export interface ViewBeaconDeps {
  recorder: BeaconRecorder;
  trustProxy: boolean;
}

/**
 * Beacons for clients that skip GraphQL (article views; ad impressions and viewable impressions
 * with a serving token as the subject): `POST /views/:articleId` answers
 * `{"counted":true|false}`, `GET /views/:articleId.gif` always answers the pixel (for pages without
 * JavaScript: `<img src=".../views/<id>.gif">`). Neither is ever an error for a reader: a bad id
 * is simply not counted. Both answer after the view is committed (or refused).
 */
export async function handleViewBeacon(req: IncomingMessage, reply: FastifyReply, deps: ViewBeaconDeps, method: string, rest: string): Promise<void> {
  const gif = rest.endsWith('.gif');
  const articleId = gif ? rest.slice(0, -'.gif'.length) : rest;
  const reader = () => ({ address: clientAddress(req, deps.trustProxy), userAgent: req.headers['user-agent'] ?? '' });
  if (gif && (method === 'GET' || method === 'HEAD')) {
    // CASE: HEAD is what link checkers and prefetchers send: answer it, count nothing.
    if (method === 'GET') await deps.recorder.record(articleId, reader());
    send(reply, 200, { 'content-type': 'image/gif', 'content-length': PIXEL.length, 'cache-control': 'no-store, max-age=0' }, method === 'HEAD' ? undefined : PIXEL);
    return;
  }
  if (!gif && method === 'POST') {
    const counted = await deps.recorder.record(articleId, reader());
    send(reply, 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      // No credentials are involved: any site embedding the article may read the answer.
      'access-control-allow-origin': '*',
    }, counted ? '{"counted":true}' : '{"counted":false}');
    return;
  }
  send(reply, 405, { 'content-type': 'application/json; charset=utf-8', allow: gif ? 'GET, HEAD' : 'POST' }, JSON.stringify({ error: gif ? 'Use GET' : 'Use POST' }));
}
