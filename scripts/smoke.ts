/**
 * Start-and-query smoke test of what a newcomer runs: the built server on the embedded database.
 * Starts it on a fresh data dir, queries the seeded bulletin article and its cover image, stops it
 * with SIGTERM, then proves a hard kill (SIGKILL) is recovered from on the next start.
 * Exits non-zero on any failure. Usage: npm run smoke
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isProcessAlive } from '../src/shared/process';

const SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';
const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-smoke-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), LOG_PRETTY: 'false', NODE_ENV: 'development' };
  delete (env as NodeJS.ProcessEnv).DATABASE_URL;
  try {
    let server = start(env);
    await waitReady(port, server);
    await checkArticle(port);
    await stop(server, 'SIGTERM');
    check(server.exitCode === 0, `graceful stop exit code 0 (got ${server.exitCode})`);
    check(!postmasterRunning(dataDir), 'no postgres process left after SIGTERM');

    server = start(env);
    await waitReady(port, server);
    await stop(server, 'SIGKILL');
    check(postmasterRunning(dataDir), 'after SIGKILL the postmaster is orphaned (as expected)');
    server = start(env);
    await waitReady(port, server);
    await checkArticle(port);
    await stop(server, 'SIGTERM');
    check(!postmasterRunning(dataDir), 'restart after a hard kill recovered, and stopped cleanly');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('smoke: ok');
}

function start(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(`  server | ${chunk}`));
  child.stderr?.on('data', (chunk: Buffer) => process.stdout.write(`  server! | ${chunk}`));
  return child;
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become ready within 120 s');
}

async function checkArticle(port: number): Promise<void> {
  const query = `{ article(slug: "${SLUG}") { title viewCount author { displayName } category { name } coverImage { url } } }`;
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: { article: { title: string; viewCount: number; author: { displayName: string }; category: { name: string }; coverImage: { url: string } | null } | null }; errors?: unknown };
  const article = body.data?.article;
  check(article != null, `article ${SLUG} found (${JSON.stringify(body.errors ?? null)})`);
  check(article!.title === 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022', `title is the bulletin's (${article!.title})`);
  check(article!.viewCount === 112, `viewCount 112 (${article!.viewCount})`);
  check(article!.author.displayName === 'Quốc Vũ', `author Quốc Vũ (${article!.author.displayName})`);
  check(article!.coverImage !== null, 'has a cover image');
  const image = await fetch(new URL(new URL(article!.coverImage!.url).pathname, `http://127.0.0.1:${port}`));
  const bytes = Buffer.from(await image.arrayBuffer());
  check(image.ok && (image.headers.get('content-type') ?? '').startsWith('image/') && bytes.length > 100, `cover image served (${image.status}, ${bytes.length} bytes)`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function postmasterRunning(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  return isProcessAlive(pid);
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`smoke check failed: ${what}`);
  console.log(`  ✓ ${what}`);
}


main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
