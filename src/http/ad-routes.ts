import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Knex } from '@mikro-orm/postgresql';
import type { AdServer } from '../modules/ad';
import { send, sendJson } from './reply';
import { handleViewBeacon, type BeaconRecorder } from './view-beacon';
import { clientAddress } from './viewer';

const reader = (req: IncomingMessage, trustProxy: boolean) => ({ address: clientAddress(req, trustProxy), userAgent: req.headers['user-agent'] ?? '' });

/**
 * GET /ads/click/<token>: 302 to the creative's stored URL, counting the click (HEAD answers the
 * same and counts nothing). A forged, altered or expired token is 404: the target never comes
 * from the request, so this cannot be an open redirect.
 */
export async function handleAdClick(req: IncomingMessage, reply: FastifyReply, deps: { ads: AdServer; trustProxy: boolean }, token: string): Promise<void> {
  const target = await deps.ads.click(token, req.method === 'GET' ? reader(req, deps.trustProxy) : null);
  if (target === null) {
    sendJson(reply, 404, { error: 'Not found' });
    return;
  }
  send(reply, 302, { location: target, 'cache-control': 'no-store' });
}

/** /ads/impression/<token> and /ads/viewable/<token>: the view beacon's contract (POST → JSON, GET .gif → pixel) over serving tokens. */
export function handleAdBeacon(req: IncomingMessage, reply: FastifyReply, deps: { ads: AdServer; trustProxy: boolean }, event: 'impressions' | 'viewable', rest: string): Promise<void> {
  const recorder: BeaconRecorder = { record: async (token, who) => (await deps.ads.record([token], event, who)) > 0 };
  return handleViewBeacon(req, reply, { recorder, trustProxy: deps.trustProxy }, req.method ?? 'GET', rest);
}

/** GET /ads.txt: the authorized sellers file an admin saved (updateSite), as text/plain; 404 while there is none. */
export async function serveAdsTxt(reply: FastifyReply, knex: Knex, method: string): Promise<void> {
  const site: { ads_txt: string | null } | undefined = await knex('site').first('ads_txt').orderBy('created_at');
  const text = site?.ads_txt ?? '';
  if (text.trim() === '') {
    sendJson(reply, 404, { error: 'Not found' });
    return;
  }
  const body = text.endsWith('\n') ? text : `${text}\n`;
  send(reply, 200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) }, method === 'HEAD' ? undefined : body);
}
