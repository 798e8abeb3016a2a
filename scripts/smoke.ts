/**
 * Start-and-query smoke test of what a newcomer runs: the built server on the embedded database.
 * Starts it on a fresh data dir, queries the seeded bulletin article and its cover image, stops it
 * with SIGTERM, then proves a hard kill (SIGKILL) is recovered from on the next start; then that a
 * taken port fails before anything is created, and `npm start` + `bulletin import` + SIGTERM to npm.
 * Exits non-zero on any failure. Usage: npm run smoke
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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

    await checkPortTakenFailsEarly(env);
    await checkNpmStartWithImport(env, port, dataDir);
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

/** With the port taken, the start fails at once with one line, before any database is created or seeded. */
async function checkPortTakenFailsEarly(env: NodeJS.ProcessEnv): Promise<void> {
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-smoke-port-'));
  const blocker = net.createServer();
  const blockedPort = await freePort();
  await new Promise<void>((resolve) => blocker.listen(blockedPort, '0.0.0.0', resolve));
  try {
    const result = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
      env: { ...env, DATA_DIR: freshDir, PORT: String(blockedPort), LOG_PRETTY: 'false' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
    check(result.status === 1, `a taken port exits 1 (got ${result.status})`);
    check(lines.length === 1 && lines[0].includes(`Port ${blockedPort} on 0.0.0.0 is already in use`), `a taken port is one line saying so (${lines.join(' | ')})`);
    check(fs.readdirSync(freshDir).length === 0, 'a taken port creates nothing in the data dir');
  } finally {
    blocker.close();
    fs.rmSync(freshDir, { recursive: true, force: true });
  }
}

/**
 * What a newcomer runs: `npm start`, then `npm run import -- page.txt` while it runs (the page goes
 * into that running database and the API serves it at once), then SIGTERM to the npm process
 * (a process manager stopping what it started): nothing of the server may be left running.
 */
async function checkNpmStartWithImport(env: NodeJS.ProcessEnv, port: number, dataDir: string): Promise<void> {
  const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  npm.stdout?.on('data', (chunk: Buffer) => process.stdout.write(`  npm start | ${chunk}`));
  npm.stderr?.on('data', (chunk: Buffer) => process.stdout.write(`  npm start! | ${chunk}`));
  await waitReady(port, npm);
  const page = path.join(dataDir, 'second-page.txt');
  const original = fs.readFileSync(path.join(root, 'seeds', 'bulletin.txt'), 'utf8');
  fs.writeFileSync(page, original.replaceAll('hiến máu tình nguyện năm 2022', 'hiến máu tình nguyện đợt hai năm 2022'));
  const imported = spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'import', page], { env, encoding: 'utf8', timeout: 60_000 });
  check(imported.status === 0 && imported.stdout.includes('1 imported'), `bulletin import into the running server's database (${imported.stdout.trim()} ${imported.stderr.trim()})`);
  const slug = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-dot-hai-nam-2022';
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ article(slug: "${slug}") { slug } }` }),
  });
  const body = (await response.json()) as { data?: { article: { slug: string } | null } };
  check(body.data?.article?.slug === slug, 'the API serves the imported page at once');
  // npm's child: the shell of the script, replaced by node through `exec`.
  const serverPids = spawnSync('pgrep', ['-P', String(npm.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
  await stop(npm, 'SIGTERM');
  check(npm.exitCode === 0, `npm start exits 0 on SIGTERM (got ${npm.exitCode})`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  check(serverPids.length > 0 && serverPids.every((pid) => !isProcessAlive(pid)), `no node server process left after SIGTERM to npm (${serverPids.join(', ')})`);
  check(!postmasterRunning(dataDir), 'no postgres process left after SIGTERM to npm');
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
