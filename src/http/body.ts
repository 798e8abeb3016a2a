import { describeBytes } from '../shared/format-bytes';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** extensions.code for the client; derived from the status when not given. */
    readonly code?: string,
    /** More for the client's `extensions` (which limit a refusal is about, retryAfterSeconds, …). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The 413 every body limit answers with. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body is larger than ${describeBytes(limit)}`);
}

export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
