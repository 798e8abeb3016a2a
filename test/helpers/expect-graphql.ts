import { GraphQLError } from 'graphql';
import type { GraphQLResult } from './harness';

/** Asserts a successful GraphQL response and returns its data. */
export function dataOf<T>(result: GraphQLResult<T>): T {
  if (result.errors !== undefined || result.status !== 200 || result.data == null) {
    throw new Error(`Expected a successful GraphQL response, got HTTP ${result.status}: ${JSON.stringify({ data: result.data, errors: result.errors })}`);
  }
  return result.data;
}

/** Asserts a clean BAD_USER_INPUT (never a 500) naming the offending argument. */
export function expectBadInput(result: GraphQLResult<unknown>, field: string): void {
  expect(result.status).toBeLessThan(500);
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error.message).not.toMatch(/internal|sql|select |syntax|stack/i);
}

/** Expects exactly one error and returns it. */
export function errorOf(result: GraphQLResult<unknown>) {
  expect(result.errors).toHaveLength(1);
  return (result.errors ?? [])[0];
}

/** The extensions.code of the first error (undefined when there was none). */
export function codeOf(result: GraphQLResult<unknown>): unknown {
  return result.errors?.[0]?.extensions?.code;
}

/** The extensions.code of each error, in order (undefined when there were none). */
export function errorCodes(result: GraphQLResult<unknown>): unknown[] | undefined {
  return result.errors?.map((error) => error.extensions?.code);
}

/**
 * The role matrices' refusal: the call is refused with exactly this code, returns no data, and the
 * state read before and after (the row, straight from the database) is the same.
 */
export async function expectRefusedUnchanged(readState: () => Promise<unknown>, run: () => Promise<GraphQLResult<unknown>>, code: string): Promise<void> {
  const before = await readState();
  const result = await run();
  expect(errorCodes(result)).toEqual([code]);
  expect(result.data ?? null).toBeNull();
  expect(await readState()).toEqual(before);
}

/** Runs `fn`, expects it to throw a BAD_USER_INPUT GraphQLError, and returns the field it names. */
export function badInputField(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.field;
  }
  throw new Error('expected a BAD_USER_INPUT error');
}
