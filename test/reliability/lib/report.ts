/** Prints a run's figures and its checks; the process exits 1 when a check failed. */
export function report(name: string, figures: Record<string, unknown>, checks: Record<string, boolean>): void {
  console.log(JSON.stringify({ run: name, ...figures, checks }, null, 2));
  const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([check]) => check);
  console.log(failed.length === 0 ? `${name}: every check passed` : `${name}: FAILED ${failed.join('; ')}`);
  if (failed.length > 0) process.exitCode = 1;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A number of milliseconds from the environment (a run's phases can be lengthened without editing). */
export function msFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
