import type { IncomingMessage } from 'node:http';
import { describeBytes } from '../shared/format-bytes';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** extensions.code for the client; derived from the status when not given. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Reads a request body up to `limit` bytes; answers 413 as soon as the limit is crossed. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `Request body is larger than ${describeBytes(limit)}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body is larger than ${describeBytes(limit)}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
