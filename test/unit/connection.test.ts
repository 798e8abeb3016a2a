import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest } from '../../src/shared/connection';
import { badInputField } from '../helpers/expect-graphql';

describe('pageRequest', () => {
  test('defaults to the first DEFAULT_PAGE_SIZE rows, forward', () => {
    expect(pageRequest({})).toEqual({ size: DEFAULT_PAGE_SIZE, backward: false, cursor: null, cursorArg: 'after' });
    expect(DEFAULT_PAGE_SIZE).toBe(20);
  });

  test('first/after walks forward', () => {
    expect(pageRequest({ first: 7, after: 'c1' })).toEqual({ size: 7, backward: false, cursor: 'c1', cursorArg: 'after' });
    expect(pageRequest({ after: 'c1' })).toEqual({ size: DEFAULT_PAGE_SIZE, backward: false, cursor: 'c1', cursorArg: 'after' });
  });

  test('last/before walks backward', () => {
    expect(pageRequest({ last: 7, before: 'c2' })).toEqual({ size: 7, backward: true, cursor: 'c2', cursorArg: 'before' });
    expect(pageRequest({ last: 3 })).toEqual({ size: 3, backward: true, cursor: null, cursorArg: 'before' });
    expect(pageRequest({ before: 'c2' })).toEqual({ size: DEFAULT_PAGE_SIZE, backward: true, cursor: 'c2', cursorArg: 'before' });
  });

  test('explicit nulls count as absent', () => {
    expect(pageRequest({ first: null, after: null, last: null, before: null })).toEqual(pageRequest({}));
    expect(pageRequest({ first: 5, after: null, last: null, before: null })).toEqual({ size: 5, backward: false, cursor: null, cursorArg: 'after' });
  });

  test('accepts the bounds 1 and MAX_PAGE_SIZE', () => {
    expect(MAX_PAGE_SIZE).toBe(100);
    expect(pageRequest({ first: 1 }).size).toBe(1);
    expect(pageRequest({ first: MAX_PAGE_SIZE }).size).toBe(MAX_PAGE_SIZE);
    expect(pageRequest({ last: MAX_PAGE_SIZE }).size).toBe(MAX_PAGE_SIZE);
  });

  test.each([
    [{ first: 0 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ first: MAX_PAGE_SIZE + 1 }, 'first'],
    [{ last: 0 }, 'last'],
    [{ last: -1 }, 'last'],
    [{ last: MAX_PAGE_SIZE + 1 }, 'last'],
    [{ first: 5, last: 5 }, 'last'],
    [{ first: 5, before: 'c' }, 'before'],
    [{ after: 'c', before: 'd' }, 'before'],
    [{ after: 'c', last: 3 }, 'last'],
  ])('refuses %j (field %s)', (args, field) => {
    expect(badInputField(() => pageRequest(args))).toBe(field);
  });
});
