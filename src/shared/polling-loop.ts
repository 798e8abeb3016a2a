/**
 * Runs `round` now and then every intervalMs, one round at a time; when a round reports it did a
 * full batch (true), the next starts at once. Returns stop(): no new round starts, and it resolves
 * once the round in progress has finished. `round` handles its own errors.
 */
export function startPollingLoop(round: () => Promise<boolean>, intervalMs: number): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const next = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().then((full) => next(full ? 0 : intervalMs));
    }, delayMs);
  };
  next(0);

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
