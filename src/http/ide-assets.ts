import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IDE_BOOTSTRAP_JS, IDE_CSS } from './ide-page';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface IdeAsset {
  readonly contentType: string;
  /** Bytes and a strong ETag, read once on first use (the IDE is a development tool; startup stays fast). */
  load(): { body: Buffer; etag: string };
}

/**
 * Finds a file inside an installed package. react and react-dom do not export their umd/ folder,
 * so resolve each package's package.json (always exported) and join the file name to its folder.
 * Runs at module load, so a broken install stops the server at startup instead of at first request.
 */
function packageFile(pkg: string, file: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`GraphQL IDE: package "${pkg}" is not installed (it is a dependency: run "npm ci")`);
  }
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    throw new Error(`GraphQL IDE: ${pkg}/${file} is missing (is the installed version the one pinned in package.json?)`);
  }
  return full;
}

function fromFile(contentType: string, file: string): IdeAsset {
  return { contentType, load: once(() => fs.readFileSync(file)) };
}

function fromText(contentType: string, text: string): IdeAsset {
  return { contentType, load: once(() => Buffer.from(text, 'utf8')) };
}

function once(read: () => Buffer): () => { body: Buffer; etag: string } {
  let cached: { body: Buffer; etag: string } | undefined;
  return () => {
    if (!cached) {
      const body = read();
      cached = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    return cached;
  };
}

/**
 * The only files the IDE serves, keyed by exact URL path: no part of a URL ever reaches the
 * filesystem. The source maps are listed so browser dev tools do not log 404s.
 */
export const IDE_ASSETS: ReadonlyMap<string, IdeAsset> = new Map([
  ['/ide/react.production.min.js', fromFile(JS, packageFile('react', 'umd/react.production.min.js'))],
  ['/ide/react-dom.production.min.js', fromFile(JS, packageFile('react-dom', 'umd/react-dom.production.min.js'))],
  ['/ide/graphiql.min.js', fromFile(JS, packageFile('graphiql', 'graphiql.min.js'))],
  ['/ide/graphiql.min.js.map', fromFile(JSON_TYPE, packageFile('graphiql', 'graphiql.min.js.map'))],
  ['/ide/graphiql.min.css', fromFile(CSS, packageFile('graphiql', 'graphiql.min.css'))],
  ['/ide/graphiql.min.css.map', fromFile(JSON_TYPE, packageFile('graphiql', 'graphiql.min.css.map'))],
  ['/ide/ide.css', fromText(CSS, IDE_CSS)],
  ['/ide/bootstrap.js', fromText(JS, IDE_BOOTSTRAP_JS)],
]);
