import type { FastifyReply, FastifyRequest, HTTPMethods, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import type { Viewer } from '../modules/identity';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: set once per request by the authentication hook of routes with `auth: 'viewer'`. */
    viewer: Viewer;
  }
  interface FastifyContextConfig {
    /** The handler reads the raw request stream itself (uploads): a refusal mid-body ends the connection. */
    streamsBody?: boolean;
  }
}

/** Every method a route answering "any method" takes (the handler answers 405 or lets Apollo do it). */
export const ANY_METHOD: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface RouteSpec {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  /** 'viewer': the Authorization header is resolved before anything else (a bad token is 401); 'none': never looked at. */
  auth: 'none' | 'viewer';
  /**
   * 'graphql': the body is read up to `bodyLimit` (413 past it) and parsed for Apollo;
   * 'stream': left unread for the handler (`request.raw`); 'none': never read.
   */
  body: 'none' | 'graphql' | 'stream';
  bodyLimit?: number;
  /** Cache-Control for answers below 400 when the handler sets none. */
  cache?: string;
  /** Run before authentication (the IDE page answers a browser without looking at tokens). */
  before?: onRequestHookHandler;
  preHandler?: preHandlerHookHandler | preHandlerHookHandler[];
  /** Sees the answer before it is sent (after the Cache-Control policy). */
  onSend?: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => void;
  handler: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

/** The part of the URL path after `prefix`, exactly as sent (no decoding: keys and ids are plain ASCII). */
export function rawPathAfter(request: FastifyRequest, prefix: string): string {
  const url = request.raw.url ?? '';
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)).slice(prefix.length);
}
