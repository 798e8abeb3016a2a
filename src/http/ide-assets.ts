import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import { IDE_BOOTSTRAP_JS, IDE_CSS, IDE_FONTS, fontUrl } from './ide-page';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const WOFF2 = 'font/woff2';

/**
 * The packages the IDE serves files from. They are development dependencies: the production
 * image (npm ci --omit=dev) has none of them, and nothing resolves them unless GRAPHQL_IDE is on.
 */
export const IDE_PACKAGES = ['graphiql', 'react', 'react-dom', '@fontsource/noto-sans', '@fontsource/noto-sans-mono'] as const;

/**
 * GRAPHQL_IDE is on but the IDE's packages are not installed. A ConfigError, so the entry point
 * reports it as one line and exits like any other configuration mistake.
 */
export class IdeUnavailableError extends ConfigError {
  constructor(message: string) {
    super([message]);
    this.message = message;
    this.name = 'IdeUnavailableError';
  }
}

export interface IdeAsset {
  readonly contentType: string;
  /** Bytes and a strong ETag, read once on first use (the IDE is a development tool; startup stays fast). */
  load(): { body: Buffer; etag: string };
}

/** Finds a package's folder: `null` when it is not installed. */
export type PackageResolver = (pkg: string) => string | null;

/**
 * react and react-dom do not export their umd/ folder (nor fontsource its files/), so resolve each
 * package's package.json (always exported) and join file names to its folder.
 */
const resolveInstalled: PackageResolver = (pkg) => {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
};

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
 * filesystem. The source maps are listed so browser dev tools do not log 404s. Every package and
 * file is checked here, so a missing one is reported at startup rather than at first request.
 * Throws IdeUnavailableError.
 */
export function buildIdeAssets(resolve: PackageResolver = resolveInstalled): ReadonlyMap<string, IdeAsset> {
  const dirs = new Map(IDE_PACKAGES.map((pkg) => [pkg, resolve(pkg)]));
  const missing = IDE_PACKAGES.filter((pkg) => dirs.get(pkg) === null);
  if (missing.length > 0) {
    throw new IdeUnavailableError(
      `GRAPHQL_IDE=true needs the development dependencies (${missing.join(', ')}): install with npm ci, or set GRAPHQL_IDE=false`,
    );
  }
  const file = (pkg: string, name: string): string => {
    const dir = dirs.get(pkg as (typeof IDE_PACKAGES)[number]);
    if (!dir) throw new Error(`GraphQL IDE: ${pkg} is not in IDE_PACKAGES`);
    const full = path.join(dir, name);
    if (!fs.existsSync(full)) {
      throw new IdeUnavailableError(`GraphQL IDE: ${pkg}/${name} is missing (is the installed version the one pinned in package.json? run npm ci), or set GRAPHQL_IDE=false`);
    }
    return full;
  };
  return new Map([
    ['/ide/react.production.min.js', fromFile(JS, file('react', 'umd/react.production.min.js'))],
    ['/ide/react-dom.production.min.js', fromFile(JS, file('react-dom', 'umd/react-dom.production.min.js'))],
    ['/ide/graphiql.min.js', fromFile(JS, file('graphiql', 'graphiql.min.js'))],
    ['/ide/graphiql.min.js.map', fromFile(JSON_TYPE, file('graphiql', 'graphiql.min.js.map'))],
    ['/ide/graphiql.min.css', fromFile(CSS, file('graphiql', 'graphiql.min.css'))],
    ['/ide/graphiql.min.css.map', fromFile(JSON_TYPE, file('graphiql', 'graphiql.min.css.map'))],
    ...IDE_FONTS.map((font): [string, IdeAsset] => [fontUrl(font), fromFile(WOFF2, file(font.pkg, `files/${font.stem}.woff2`))]),
    ['/ide/ide.css', fromText(CSS, IDE_CSS)],
    ['/ide/bootstrap.js', fromText(JS, IDE_BOOTSTRAP_JS)],
  ]);
}
