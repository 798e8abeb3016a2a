import { GroupCommitBatcher } from '../../src/modules/metering';

/** The group-commit batcher with a scripted flush: what goes into each batch, and when callers hear back. */

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A flush that records its batches and finishes only when the test says so. */
function scriptedFlush() {
  const batches: number[][] = [];
  const gates: Deferred<void>[] = [];
  let running = 0;
  let maxRunning = 0;
  const flush = async (items: number[]) => {
    batches.push(items);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    const gate = deferred<void>();
    gates.push(gate);
    try {
      await gate.promise;
    } finally {
      running -= 1;
    }
    return items.map((item) => item * 10);
  };
  return { flush, batches, gates, maxRunning: () => maxRunning };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GroupCommitBatcher', () => {
  test('groups what arrives within the wait into one flush and answers each caller with its own result', async () => {
    const flush = jest.fn(async (items: number[]) => items.map((item) => `r${item}`));
    const batcher = new GroupCommitBatcher({ flush, maxWaitMs: 5, maxItems: 100 });
    const results = await Promise.all([1, 2, 3, 4].map((item) => batcher.add(item)));
    expect(results).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush).toHaveBeenCalledWith([1, 2, 3, 4]);
  });

  test('answers only after the batch holding the item has been written', async () => {
    const script = scriptedFlush();
    const batcher = new GroupCommitBatcher({ flush: script.flush, maxWaitMs: 0, maxItems: 100 });
    let answered = false;
    const result = batcher.add(7).then((value) => {
      answered = true;
      return value;
    });
    await sleep(5);
    expect(script.batches).toEqual([[7]]);
    expect(answered).toBe(false);
    script.gates[0].resolve();
    expect(await result).toBe(70);
  });

  test('runs one flush at a time: what arrives meanwhile becomes the next batch, right after', async () => {
    const script = scriptedFlush();
    const batcher = new GroupCommitBatcher({ flush: script.flush, maxWaitMs: 1, maxItems: 100 });
    const first = batcher.add(1);
    await sleep(5);
    expect(script.batches).toHaveLength(1);
    const later = [2, 3, 4].map((item) => batcher.add(item));
    await sleep(20);
    // Their wait is long over, but the first batch is still being written: they wait for it.
    expect(script.batches).toHaveLength(1);
    script.gates[0].resolve();
    await first;
    await tick();
    expect(script.batches).toEqual([[1], [2, 3, 4]]);
    script.gates[1].resolve();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(script.maxRunning()).toBe(1);
  });

  test('a full batch goes at once, without waiting, and never holds more than maxItems; the rest follows right after', async () => {
    const flush = jest.fn(async (items: number[]) => items.map(() => true));
    const batcher = new GroupCommitBatcher({ flush, maxWaitMs: 60_000, maxItems: 1000 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 2500 }, (_, i) => batcher.add(i)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(flush.mock.calls.map(([items]) => items.length)).toEqual([1000, 1000, 500]);
    expect(flush.mock.calls.flatMap(([items]) => items)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  test('a failed flush rejects every caller of that batch, and the next batch is written normally', async () => {
    let fail = true;
    const flush = jest.fn(async (items: number[]) => {
      if (fail) throw new Error('connection lost');
      return items;
    });
    const batcher = new GroupCommitBatcher({ flush, maxWaitMs: 1, maxItems: 100 });
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await Promise.all([batcher.add(3), batcher.add(4)])).toEqual([3, 4]);
  });

  test('a flush returning the wrong number of results fails its batch rather than answering wrongly', async () => {
    const batcher = new GroupCommitBatcher({ flush: async () => [true], maxWaitMs: 1, maxItems: 100 });
    const outcomes = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });

  test('close() writes pending items at once, waits for the flush in flight, and later items go without waiting', async () => {
    const script = scriptedFlush();
    const batcher = new GroupCommitBatcher({ flush: script.flush, maxWaitMs: 60_000, maxItems: 100 });
    const pending = [batcher.add(1), batcher.add(2)];
    await sleep(5);
    expect(script.batches).toHaveLength(0);
    let closed = false;
    const closing = batcher.close().then(() => {
      closed = true;
    });
    await tick();
    expect(script.batches).toEqual([[1, 2]]);
    expect(closed).toBe(false);
    script.gates[0].resolve();
    await closing;
    expect(await Promise.all(pending)).toEqual([10, 20]);
    // A request that was still in flight when closing began.
    const late = batcher.add(3);
    await tick();
    expect(script.batches).toEqual([[1, 2], [3]]);
    script.gates[1].resolve();
    await batcher.close();
    expect(await late).toBe(30);
  });
});
