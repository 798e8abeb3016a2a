import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Bulletin as an operator runs it (`NODE_ENV=production node dist/src/main.js`), in a child
 * process the run can signal and restart. Its log goes to a file; `exited` gives the exit code.
 */
export interface BulletinProcess {
  url: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Sends a signal; resolves when the process is gone, with its exit code and how long it took. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const APP_SECRET = 'reliability-run-secret-0123456789abcdef';

/** Compiles dist/ when a source changed (the same step as `npm start`). */
export function buildOnce(): void {
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}

/** Runs a `bulletin <command>` (user:create, …) against the database. */
export function bulletinCommand(args: string[], env: Record<string, string>): string {
  return execFileSync('node', ['dist/src/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production', APP_SECRET, SITE_URL: 'http://localhost:3000', LOG_LEVEL: 'warn', ...env } });
}

export async function startBulletin(options: { port: number; databaseUrl: string; name: string; env?: Record<string, string> }): Promise<BulletinProcess> {
  const logFile = path.join('/tmp', `bulletin-reliability-${options.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn('node', ['--max-semi-space-size=32', 'dist/src/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      APP_SECRET,
      // Required in production (feed and sitemap links).
      SITE_URL: 'http://localhost:3000',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      MEDIA_DIR: `/tmp/bulletin-reliability-media-${options.name}`,
      ...options.env,
    },
  });
  fs.closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntilReady(url, exited);
  return {
    url,
    child,
    logFile,
    exited,
    async stop(signal) {
      const sent = Date.now();
      child.kill(signal);
      const { code, signal: by, at } = await exited;
      return { code, signal: by, ms: at - sent };
    },
  };
}

async function waitUntilReady(url: string, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 600; i += 1) {
    if (gone) throw new Error(`Bulletin at ${url} exited during its start (see its log)`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Bulletin at ${url} was not ready within 60 s`);
}
