import { spawn, type ChildProcess } from 'node:child_process';
export { freePort } from '../../src/shared/process';
import { performance } from 'node:perf_hooks';

/**
 * Process plumbing for benchmarks: a cleanup registry that success, failure and signals all run,
 * child processes with their last lines of output, readiness polling, free ports, and the start and
 * end of a benchmark's main().
 */

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
let shuttingDown: Promise<never> | undefined;

export function onCleanup(name: string, run: () => Promise<void> | void): void {
  cleanups.push({ name, run });
}

async function runCleanups(): Promise<void> {
  for (let entry = cleanups.pop(); entry; entry = cleanups.pop()) {
    try {
      await entry.run();
    } catch (error) {
      console.error(`cleanup "${entry.name}" failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}

/** Cleans up once and exits; later calls (a second Ctrl-C, an error after a signal) wait for it. */
export function shutdown(code: number): Promise<never> {
  shuttingDown ??= runCleanups().then(() => process.exit(code));
  return shuttingDown;
}

export function isShuttingDown(): boolean {
  return shuttingDown !== undefined;
}

export function exitOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      if (!shuttingDown) console.error(`\n${signal}: stopping the servers and removing the scratch data…`);
      void shutdown(code);
    });
  }
}

/**
 * Also clean up on what would otherwise skip the cleanups: a closed pipe (`npm run bench | head`),
 * an uncaught error, and the parent going away without passing a signal on (a `timeout` wrapper
 * around npm, a closed terminal), which leaves us orphaned.
 */
export function exitOnCrashOrOrphan(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      if (!shuttingDown) console.error(`\nbench failed (${event}): ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      void shutdown(1);
    });
  }
  const parentAtStart = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentAtStart && !shuttingDown) {
      console.error('\nthe parent process went away: stopping the servers and removing the scratch data…');
      void shutdown(129);
    }
  }, 1000).unref();
}

/**
 * The options, or never: a usage error prints the message and the usage and exits 2, `--help`
 * (`parse` returns null) prints the usage and exits 0.
 */
export async function optionsOrExit<T>(usage: string, parse: () => T | null): Promise<T> {
  let options: T | null;
  try {
    options = parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
    return shutdown(2);
  }
  if (options === null) {
    console.log(usage);
    return shutdown(0);
  }
  return options;
}

/** Runs a benchmark's main() and then the cleanups, exiting with process.exitCode (1 on an error). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => shutdown(Number(process.exitCode ?? 0)),
    (error: unknown) => {
      if (shuttingDown) return; // interrupted: the signal handler is already cleaning up
      console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      return shutdown(1);
    },
  );
}

export function log(message: string): void {
  console.error(`[bench] ${message}`);
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Last lines of its output, for error messages. */
  output: string[];
  exited: Promise<void>;
}

/** A node child process; `ipc` opens a message channel to it (process.send / 'message'). */
export function startChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; echo: boolean; ipc?: boolean }): Child {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > 40) output.shift();
      if (options.echo) console.error(`[${name}] ${line}`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const entry: Child = { name, process: child, output, exited };
  onCleanup(`stop ${name}`, () => stopChild(entry));
  return entry;
}

export function running(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

export async function stopChild(child: Child, graceMs = 15_000): Promise<void> {
  if (!running(child)) return;
  child.process.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited.then(() => 'exited' as const), timer])) === 'timeout') {
    log(`${child.name} did not stop within ${graceMs / 1000} s: killing it`);
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

export function childFailure(child: Child, what: string): Error {
  const status = child.process.exitCode !== null ? `exit code ${child.process.exitCode}` : `signal ${child.process.signalCode}`;
  return new Error(`${child.name} ${what} (${status}). Its last output:\n  ${child.output.join('\n  ') || '(none)'}`);
}

/** Resolves when `ready()` is true, rejects when the child exits first or time runs out. */
export async function waitUntil(child: Child, what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!running(child)) throw childFailure(child, `exited before ${what}`);
    if (await ready().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`${child.name}: no ${what} after ${timeoutMs / 1000} s\n  ${child.output.join('\n  ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


/** An integer option between min and max, or its fallback when absent; throws a usage error otherwise. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return value;
}
