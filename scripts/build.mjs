#!/usr/bin/env node
/**
 * Compiles the TypeScript sources into dist/ (tsc -p tsconfig.build.json), from a clean dist/ so
 * that a deleted source (a migration, say) never lingers there as JavaScript.
 *
 *   node scripts/build.mjs             always build
 *   node scripts/build.mjs --if-stale  build only when a source, tsconfig or the lockfile changed
 *                                      since the last build (npm start: a start without changes
 *                                      skips the ~10 s compile)
 *
 * Plain JavaScript on purpose: it runs before anything is compiled, with no dependencies.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-inputs');
const SOURCE_DIRS = ['src', 'seeds', 'migrations'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

/** A fingerprint of every input: names, sizes and modification times (renames and deletions count). */
function fingerprint() {
  const files = [...SOURCE_DIRS.flatMap((dir) => [...walk(path.join(root, dir))]), ...SOURCE_FILES.map((file) => path.join(root, file))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const inputs = fingerprint();
if (ifStale && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === inputs) process.exit(0);

if (ifStale) console.error(fs.existsSync(stampFile) ? 'Sources changed since the last build: compiling…' : 'Compiling the TypeScript sources (first start)…');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!fs.existsSync(tsc)) {
  console.error('TypeScript is not installed (it is a development dependency): run "npm ci" first');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(stampFile, inputs);
fs.chmodSync(path.join(dist, 'src', 'cli', 'main.js'), 0o755);
