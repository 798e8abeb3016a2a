import fs from 'node:fs';
import path from 'node:path';
import { transformFileSync } from '@swc/core';
import { bulletinEnv, PUBLIC_URL, waitForReadyz } from './bulletin';
import { freePort, isShuttingDown, log, startChild, waitUntil, type Child } from './processes';

/**
 * The peers under benchmark, each a child process started one at a time, all on the same
 * database, all preloaded with bench/peers/agent.js (statement counter, profiler, IPC):
 *   P0 fixed JSON over node:http (the ceiling), P1 raw `pg` (the floor), P2 PostGraphile,
 *   P3 Bulletin (compiled with tsc, NODE_ENV=production).
 * P0–P2 are compiled from bench/peers/*.ts with swc into the work directory and run by plain
 * node, as Bulletin is: no TypeScript loader in any measured process.
 */

export type PeerId = 'P0' | 'P1' | 'P2' | 'P3';
export const PEER_IDS: PeerId[] = ['P0', 'P1', 'P2', 'P3'];
export const PEER_NAMES: Record<PeerId, string> = { P0: 'P0 fixed JSON', P1: 'P1 raw pg', P2: 'P2 PostGraphile', P3: 'P3 Bulletin' };

export interface Peer {
  id: PeerId;
  name: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  child: Child;
}

export interface PeerContext {
  workDir: string;
  databaseUrl: string;
  pool: number;
  /** Node flags of every peer (what `npm start` uses). */
  nodeOptions: string[];
  /** Node flags for Bulletin only, when given. */
  bulletinNodeOptions: string[];
  /** P0's canned answer. */
  p0ResponseFile: string;
}

const PEER_FILES: Record<Exclude<PeerId, 'P3'>, string> = { P0: 'p0-fixed', P1: 'p1-raw-pg', P2: 'p2-postgraphile' };
const PEERS_DIR = path.join(__dirname, '..', 'peers');

/** swc, TypeScript → CommonJS, bench/peers/*.ts into <workDir>/peers (which resolves packages through <workDir>/node_modules). */
export function compilePeers(workDir: string): void {
  const out = path.join(workDir, 'peers');
  fs.mkdirSync(out, { recursive: true });
  for (const file of fs.readdirSync(PEERS_DIR)) {
    const source = path.join(PEERS_DIR, file);
    if (file.endsWith('.js')) fs.copyFileSync(source, path.join(out, file));
    if (!file.endsWith('.ts')) continue;
    const { code } = transformFileSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: false });
    fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.js')), code);
  }
}

export async function startPeer(id: PeerId, context: PeerContext): Promise<Peer> {
  const port = await freePort();
  const agent = path.join(context.workDir, 'peers', 'agent.js');
  let child: Child;
  if (id === 'P3') {
    const flags = context.bulletinNodeOptions.length > 0 ? context.bulletinNodeOptions : context.nodeOptions;
    child = startChild('P3-bulletin', [...flags, '-r', agent, path.join(context.workDir, 'dist', 'src', 'main.js')], {
      cwd: context.workDir,
      env: bulletinEnv({ databaseUrl: context.databaseUrl, pool: context.pool, port, workDir: context.workDir }),
      echo: true,
      ipc: true,
    });
    await waitForReadyz(child, port);
  } else {
    child = startChild(`${id}-${PEER_FILES[id]}`, [...context.nodeOptions, '-r', agent, path.join(context.workDir, 'peers', `${PEER_FILES[id]}.js`)], {
      cwd: context.workDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        DATABASE_URL: context.databaseUrl,
        DB_POOL_MAX: String(context.pool),
        PUBLIC_URL,
        HOST: '127.0.0.1',
        PORT: String(port),
        P0_RESPONSE_FILE: context.p0ResponseFile,
      },
      echo: true,
      ipc: true,
    });
    await waitUntil(child, 'answer on /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 60_000);
  }
  child.process.once('exit', (code, signal) => {
    if (!isShuttingDown()) log(`${child.name} exited unexpectedly (code ${code}, signal ${signal}); its last output:\n  ${child.output.join('\n  ') || '(none)'}`);
  });
  return { id, name: PEER_NAMES[id], origin: `http://127.0.0.1:${port}`, child };
}

/** Sends a message to a peer's agent and resolves with its reply of the given type. */
export function ask<T extends object = Record<string, unknown>>(child: Child, message: Record<string, unknown>, replyType: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.process.off('message', onMessage);
      reject(new Error(`${child.name}: no ${replyType} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (reply: { type?: string; error?: string }) => {
      if (reply?.type !== replyType) return;
      clearTimeout(timer);
      child.process.off('message', onMessage);
      if (reply.error) reject(new Error(`${child.name}: ${reply.error}`));
      else resolve(reply as T);
    };
    child.process.on('message', onMessage);
    child.process.send(message);
  });
}

export interface PeerCounts {
  /** SQL statements sent while an HTTP request was in progress, since the start (calls of pg's Client.prototype.query). */
  statements: number;
  /** SQL statements sent while no request was in progress (start-up, a scheduler on an idle server). */
  background: number;
  /** Requests received and not answered yet. */
  inFlight: number;
  /** HTTP responses finished since the start. */
  responses: number;
}

/** The peer's agent's counts. */
export function peerCounts(peer: Peer): Promise<PeerCounts> {
  return ask<PeerCounts>(peer.child, { type: 'stats' }, 'stats');
}

/** The counts once the peer has answered every request it received (5 s at most). */
export async function quietCounts(peer: Peer): Promise<PeerCounts> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const counts = await peerCounts(peer);
    if (counts.inFlight <= 0 || performance.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
