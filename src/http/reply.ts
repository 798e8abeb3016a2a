import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { HttpError } from './body';
import { codeForHttpStatus } from '../shared/error-codes';

export type Headers = Record<string, string | number>;

/** Status, headers and an optional body, in one call (every route of ours answers this way). */
export function send(reply: FastifyReply, status: number, headers: Headers, body?: string | Buffer | NodeJS.ReadableStream): FastifyReply {
  return reply.code(status).headers(headers).send(body);
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return send(reply, status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
}

/**
 * The one ETag/304 rule for what we serve ourselves (media files, IDE assets, feeds): If-None-Match
 * naming this entity (weak or strong, or `*`) is answered 304 with the same headers and no body.
 * Without If-None-Match, If-Modified-Since at or after `lastModified` (when given) is too (RFC 9110).
 * Returns true when it answered.
 */
export function answerNotModified(req: IncomingMessage, reply: FastifyReply, etag: string, headers: Headers, lastModified?: Date | null): boolean {
  const header = req.headers['if-none-match'];
  const matches = header
    ? header.trim() === '*' || header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
    : notModifiedSince(req.headers['if-modified-since'], lastModified);
  if (!matches) return false;
  send(reply, 304, { ...headers, etag });
  return true;
}

/** HTTP dates have whole seconds: a time within the second named is not newer. */
function notModifiedSince(header: string | undefined, lastModified: Date | null | undefined): boolean {
  if (!header || !lastModified) return false;
  const since = Date.parse(header);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** The one error-to-HTTP mapping: errors outside GraphQL execution (body too large, bad JSON, bad token) in the GraphQL response shape. */
export function sendHttpError(reply: FastifyReply, error: HttpError): void {
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  reply.send(prepareHttpError(reply, error));
}

/** Sets the status and headers of an HTTP error answer and returns its body, for a hook that sends it itself. */
export function prepareHttpError(reply: FastifyReply, error: HttpError): string {
  reply.code(error.status).header('content-type', 'application/json; charset=utf-8');
  if (error.status === 413) reply.header('connection', 'close');
  if (error.status === 401) reply.header('www-authenticate', 'Bearer error="invalid_token"');
  return JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code ?? codeForHttpStatus(error.status) } }] });
}

export { HttpError };
