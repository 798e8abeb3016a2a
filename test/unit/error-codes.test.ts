import { ERROR_CODES, codeForHttpStatus, httpStatusOf, isClientSafeCode, type KnownErrorCode } from '../../src/shared/error-codes';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../../src/shared/errors';
import { MediaRejection } from '../../src/modules/media/media-image';

const EXPECTED: Record<KnownErrorCode, { status: number; clientSafe: boolean }> = {
  BAD_USER_INPUT: { status: 422, clientSafe: true },
  UNAUTHENTICATED: { status: 401, clientSafe: true },
  FORBIDDEN: { status: 403, clientSafe: true },
  NOT_FOUND: { status: 404, clientSafe: true },
  CONFLICT: { status: 409, clientSafe: true },
  RATE_LIMITED: { status: 429, clientSafe: true },
  BAD_REQUEST: { status: 400, clientSafe: true },
  GRAPHQL_PARSE_FAILED: { status: 400, clientSafe: true },
  GRAPHQL_VALIDATION_FAILED: { status: 400, clientSafe: true },
  OPERATION_RESOLUTION_FAILURE: { status: 400, clientSafe: true },
  PERSISTED_QUERY_NOT_FOUND: { status: 200, clientSafe: true },
  PERSISTED_QUERY_NOT_SUPPORTED: { status: 200, clientSafe: true },
  SERVICE_UNAVAILABLE: { status: 503, clientSafe: true },
  PAYLOAD_TOO_LARGE: { status: 413, clientSafe: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, clientSafe: false },
  INTERNAL_SERVER_ERROR: { status: 500, clientSafe: false },
};

describe('the error code table', () => {
  test.each(Object.entries(EXPECTED))('maps %s to its HTTP status and client safety', (code, { status, clientSafe }) => {
    expect(httpStatusOf(code as KnownErrorCode)).toBe(status);
    expect(isClientSafeCode(code)).toBe(clientSafe);
  });

  test('holds exactly the codes above', () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('names the code of an HTTP answer from its status, BAD_REQUEST when nothing fits', () => {
    expect(codeForHttpStatus(400)).toBe('BAD_REQUEST');
    expect(codeForHttpStatus(401)).toBe('UNAUTHENTICATED');
    expect(codeForHttpStatus(403)).toBe('FORBIDDEN');
    expect(codeForHttpStatus(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(codeForHttpStatus(415)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeForHttpStatus(422)).toBe('BAD_USER_INPUT');
    expect(codeForHttpStatus(418)).toBe('BAD_REQUEST');
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(ERROR_CODES[codeForHttpStatus(status)].status).toBe(status);
      expect(code).toMatch(/^[A-Z_]+$/);
    }
  });

  test('an unknown or non-string code is not client safe', () => {
    expect(isClientSafeCode('SOMETHING_ELSE')).toBe(false);
    expect(isClientSafeCode('toString')).toBe(false);
    expect(isClientSafeCode(undefined)).toBe(false);
  });

  test('every typed error carries a client-safe code of the table', () => {
    const errors = [new BadInputError('x'), new NotFoundError(), new ForbiddenError(), new UnauthenticatedError(), new ConflictError('x'), new RateLimitedError('x', 1)];
    for (const error of errors) expect(isClientSafeCode(error.extensions.code)).toBe(true);
  });

  test('an upload refusal carries the code of its status', () => {
    expect(new MediaRejection(413, 'x').code).toBe('PAYLOAD_TOO_LARGE');
    expect(new MediaRejection(415, 'x').code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(new MediaRejection(422, 'x').code).toBe('BAD_USER_INPUT');
  });
});
