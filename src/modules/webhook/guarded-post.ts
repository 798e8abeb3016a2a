import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { refusedAddress, type AddressPolicy } from './address-policy';

export interface GuardedPostOptions {
  policy: AddressPolicy;
  /** Per hop: connection, request and the answer read within it. */
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
}

export interface PostAnswer {
  status: number;
  /** At most maxResponseBytes of the answer, as text. */
  body: string;
}

/**
 * The request must not be made at all (scheme, a refused address, too many redirects): retrying
 * would not change the answer.
 */
export class RequestRefusedError extends Error {
  readonly code = 'REQUEST_REFUSED';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * POSTs `body` to `url` with the SSRF guard on every hop: http(s) only, and the address actually
 * connected to is checked after DNS resolution (a custom lookup, so a name that resolves twice
 * cannot pass the check with one address and connect to another). Redirects are followed by hand
 * (at most maxRedirects), each re-checked, re-POSTing the same body and headers: the signature
 * covers the body, not the URL.
 */
export async function guardedPost(url: string, body: string, headers: Record<string, string>, options: GuardedPostOptions): Promise<PostAnswer> {
  let target = parseTarget(url);
  for (let hop = 0; ; hop++) {
    const answer = await postOnce(target, body, headers, options);
    if (!REDIRECTS.has(answer.status) || answer.location === undefined) return answer;
    if (hop >= options.maxRedirects) throw new RequestRefusedError(`more than ${options.maxRedirects} redirects`);
    target = parseTarget(answer.location, target);
  }
}

function parseTarget(location: string, base?: URL): URL {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    throw new RequestRefusedError(`"${location}" is not a URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new RequestRefusedError(`${target.protocol} URLs are not allowed (http and https only)`);
  return target;
}

function postOnce(target: URL, body: string, headers: Record<string, string>, options: GuardedPostOptions): Promise<PostAnswer & { location?: string }> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // An IP literal never goes through lookup: check it here.
  const literalRefusal = net.isIP(host) ? refusedAddress(host, options.policy) : null;
  if (literalRefusal) return Promise.reject(new RequestRefusedError(literalRefusal));
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      lookup: guardedLookup(options.policy),
      agent: false,
    });
    const timer = setTimeout(() => request.destroy(new Error(`no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      outcome();
    };
    request.on('error', (error) => settle(() => reject(error)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () =>
        settle(() => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: headerValue(response.headers.location) }));
      response.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - size;
        chunks.push(chunk.subarray(0, Math.max(0, room)));
        size += chunk.length;
        // Enough read: the status is what counts, and nobody may make us hold an endless answer.
        if (size >= options.maxResponseBytes) {
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', (error) => settle(() => reject(error)));
    });
    request.end(body);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, refusing the connection when any address of the name is refused by the policy. */
function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refusal = addresses.map((entry) => refusedAddress(entry.address, policy)).find((reason) => reason !== null);
      if (refusal) return callback(new RequestRefusedError(`${hostname}: ${refusal}`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
