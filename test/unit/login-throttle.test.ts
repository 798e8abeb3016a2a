import { MemoryLoginThrottle } from '../../src/modules/identity';

/** The in-process throttle with a hand-driven clock: a fixed window that opens with the first failure. */

const MINUTE = 60_000;

function setup(maxFailures = 3, windowMs = 15 * MINUTE) {
  let now = 1_700_000_000_000;
  const throttle = new MemoryLoginThrottle(maxFailures, windowMs, () => now);
  return {
    throttle,
    advance(ms: number) {
      now += ms;
    },
    async fail(key: string, times: number) {
      for (let i = 0; i < times; i += 1) await throttle.recordFailure(key);
    },
  };
}

describe('MemoryLoginThrottle', () => {
  test('lets a key try while it is under the limit', async () => {
    const { throttle, fail } = setup();
    expect(await throttle.blockedFor('account:a')).toBe(0);
    await fail('account:a', 2);
    expect(await throttle.blockedFor('account:a')).toBe(0);
  });

  test('blocks a key at the limit until the window that began with its first failure ends', async () => {
    const { throttle, fail, advance } = setup();
    await fail('account:a', 1);
    advance(10 * MINUTE);
    await fail('account:a', 2);
    // The window opened 10 minutes ago: 5 minutes are left, whatever the later failures.
    expect(await throttle.blockedFor('account:a')).toBe(5 * 60);
    advance(5 * MINUTE - 1_500);
    expect(await throttle.blockedFor('account:a')).toBe(2); // rounded up to whole seconds
    advance(1_500);
    expect(await throttle.blockedFor('account:a')).toBe(0);
  });

  test('starts a fresh count once the window has passed', async () => {
    const { throttle, fail, advance } = setup();
    await fail('account:a', 2);
    advance(15 * MINUTE);
    await fail('account:a', 2);
    expect(await throttle.blockedFor('account:a')).toBe(0);
    await fail('account:a', 1);
    expect(await throttle.blockedFor('account:a')).toBe(15 * 60);
  });

  test('failures past the limit do not extend the block', async () => {
    const { throttle, fail, advance } = setup();
    await fail('account:a', 3);
    advance(14 * MINUTE);
    await fail('account:a', 5);
    expect(await throttle.blockedFor('account:a')).toBe(60);
  });

  test('keeps keys apart', async () => {
    const { throttle, fail } = setup();
    await fail('account:a', 3);
    expect(await throttle.blockedFor('account:a')).toBeGreaterThan(0);
    expect(await throttle.blockedFor('account:b')).toBe(0);
    expect(await throttle.blockedFor('address:10.0.0.1')).toBe(0);
  });

  test('reset clears one key only', async () => {
    const { throttle, fail } = setup();
    await fail('account:a', 3);
    await fail('address:10.0.0.1', 3);
    await throttle.reset('account:a');
    expect(await throttle.blockedFor('account:a')).toBe(0);
    expect(await throttle.blockedFor('address:10.0.0.1')).toBeGreaterThan(0);
    await fail('account:a', 2);
    expect(await throttle.blockedFor('account:a')).toBe(0);
  });

  test('a limit of one blocks after the first failure', async () => {
    const { throttle, fail } = setup(1, MINUTE);
    await fail('account:a', 1);
    expect(await throttle.blockedFor('account:a')).toBe(60);
  });

  test('drops expired windows when it holds very many keys, keeping live ones', async () => {
    const { throttle, fail, advance } = setup(1, MINUTE);
    await fail('address:live', 1);
    advance(30_000);
    for (let i = 0; i < 100_001; i += 1) await throttle.recordFailure(`address:${i}`);
    advance(45_000); // the first window has ended, the 100 001 others have not
    await throttle.recordFailure('address:trigger');
    const windows = (throttle as unknown as { windows: Map<string, unknown> }).windows;
    expect(windows.has('address:live')).toBe(false);
    expect(windows.size).toBe(100_002);
    expect(await throttle.blockedFor('address:5')).toBe(15);
  });
});
