import { isDatabaseUnavailable } from '../../src/db/pg-errors';

/** Which failures are a retryable 503 (the database away or the pool full) and which stay bugs or client errors. */
describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'failure') => Object.assign(new Error(message), { code });

  test.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET', 'read ECONNRESET')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['the pool acquire timeout', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' })],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a wrapped cause (MikroORM keeps the driver error as `previous`)', Object.assign(new Error('select … - connect ECONNREFUSED'), { previous: withCode('ECONNREFUSED') })],
    ['a plain object thrown from another realm', { code: 'ECONNRESET', errno: -104, syscall: 'read' }],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error (a bug)', withCode('42601')],
    ['an invalid value', withCode('22P02')],
    ['a plain error', new Error('Cannot read properties of undefined')],
    ['nothing', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  test('does not loop on an error that is its own cause', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
