/**
 * Group commit: items wait a few milliseconds (or until `maxItems` are pending), then one call to
 * `flush` writes them all; each caller's promise settles only once its batch has been written.
 * At most one flush runs at a time per batcher, so under load batches grow instead of piling up
 * as concurrent statements. Generic: article views today, ad impressions and clicks later.
 */
export interface BatcherOptions<T, R> {
  /** Writes a batch; returns one result per item, in item order. A rejection fails the whole batch. */
  flush: (items: T[]) => Promise<R[]>;
  /** How long the first item of a batch waits for company. */
  maxWaitMs: number;
  /** A batch never holds more than this; reaching it flushes at once. */
  maxItems: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitBatcher<T, R> {
  private pending: Pending<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Pending items have waited long enough (or filled a batch): flush as soon as none is running. */
  private due = false;
  private inFlight: Promise<void> | undefined;
  private closing = false;

  constructor(private readonly options: BatcherOptions<T, R>) {
    if (options.maxItems < 1) throw new Error('maxItems must be at least 1');
  }

  /** Resolves with the item's result once the batch holding it has been written. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.closing || this.pending.length >= this.options.maxItems) {
        this.due = true;
        this.kick();
      } else {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.due = true;
          this.kick();
        }, this.options.maxWaitMs);
      }
    });
  }

  /** Items waiting for a batch (not counting the one being written). */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Writes what is pending now, and from here on every item without waiting; resolves once nothing
   * is pending or being written. Items added later are still written (a request that was in
   * flight when the server began to close): call it again after the last one to wait for them.
   */
  async close(): Promise<void> {
    this.closing = true;
    while (this.inFlight || this.pending.length > 0) {
      this.due = true;
      this.kick();
      await this.inFlight;
    }
  }

  private kick(): void {
    if (this.inFlight || !this.due || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxItems);
    if (this.pending.length === 0) {
      this.due = false;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // CASE: what is left over (more than one batch was waiting) stays due: it goes right after this one.
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = undefined;
      this.kick();
    });
  }

  private async write(batch: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.options.flush(batch.map((entry) => entry.item));
      if (results.length !== batch.length) throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => entry.resolve(results[i]));
  }
}
