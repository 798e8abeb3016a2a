import fs from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root: the nearest folder above `from` holding package.json. Works from the
 * TypeScript sources (seeds/) and from the compiled tree (dist/seeds/), which tsc does not copy
 * data files into.
 */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: cannot locate the project root`);
  }
}
