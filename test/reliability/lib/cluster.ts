import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A PostgreSQL 15 cluster of the run's own, on its own port, that the run may stop, kill and
 * restart (never the machine's shared server). As root, the binaries run as the `postgres` user.
 */
export interface Cluster {
  port: number;
  dataDir: string;
  url(database: string): string;
  start(): void;
  /** `fast` ends sessions and checkpoints (a restart); `immediate` is a crash without the checkpoint. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops and removes the data directory. */
  destroy(): void;
}

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Under /tmp so that the postgres user can enter it whatever the checkout's permissions. */
export const CLUSTERS_ROOT = process.env.RELIABILITY_PG_ROOT ?? '/tmp/bulletin-reliability-pg';

function asPostgres(command: string, args: string[], options: { quiet?: boolean } = {}): string {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, command), ...args]] : [path.join(PG_BIN, command), args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'inherit'] });
}

function prepareDirectory(dataDir: string): void {
  fs.mkdirSync(CLUSTERS_ROOT, { recursive: true, mode: 0o755 });
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', CLUSTERS_ROOT]);
}

function handle(port: number, dataDir: string): Cluster {
  const log = path.join(CLUSTERS_ROOT, `${path.basename(dataDir)}.log`);
  const cluster: Cluster = {
    port,
    dataDir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      asPostgres('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${CLUSTERS_ROOT} -c listen_addresses=127.0.0.1`, 'start'], { quiet: true });
    },
    stop(mode = 'fast') {
      asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'], { quiet: true });
    },
    destroy() {
      try {
        cluster.stop('immediate');
      } catch {
        // Not running.
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** A new primary (initdb, trust on loopback, WAL for streaming replicas), started. */
export function createPrimary(name: string, port: number): Cluster {
  const dataDir = path.join(CLUSTERS_ROOT, name);
  prepareDirectory(dataDir);
  asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { quiet: true });
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), ['wal_level = replica', 'max_wal_senders = 5', 'hot_standby = on', 'fsync = on', ''].join('\n'));
  const cluster = handle(port, dataDir);
  cluster.start();
  return cluster;
}

/** A streaming replica of `primary` made with pg_basebackup (-R writes its primary_conninfo), started. */
export function createReplica(name: string, port: number, primary: Cluster): Cluster {
  const dataDir = path.join(CLUSTERS_ROOT, name);
  prepareDirectory(dataDir);
  asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast'], { quiet: true });
  const cluster = handle(port, dataDir);
  cluster.start();
  return cluster;
}

/** Runs psql against a cluster (for set-up SQL such as `create database`). */
export function psql(cluster: Cluster, database: string, sql: string): string {
  return asPostgres('psql', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', database, '-Atqc', sql], { quiet: true });
}
