import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createMediaStorage } from '../src/modules/media/media-pipeline';
import { createLogger } from '../src/shared/logger';
import { runCommand } from '../src/shared/run-command';
import { importBulletinFiles } from './bulletin/import-files';
import { TerminalReporter, lineReporter } from './bulletin/import-progress';

export const IMPORT_USAGE = [
  'Usage: import [--dry-run] <page.txt> [more pages...]',
  'Imports bulletin pages scraped from the portal (see seeds/bulletin.txt).',
  '',
  '  --dry-run   parse every page and report what would happen (imported, updated, kept, unchanged,',
  '              failed), writing nothing: no rows, no media files',
  '  --help, -h  this text',
  '',
  'An article changed in Bulletin since its import is never overwritten: it is reported as',
  '"kept (edited in Bulletin)". Exit status: 0 when every page went through, 1 when one failed, 2 for a usage error.',
].join('\n');

export interface ImportDeps {
  config: Config;
  openDatabase: () => Promise<{ orm: MikroORM; close(): Promise<void> }>;
  /** Where progress goes: a bar when it is a terminal, a line per file otherwise (default process.stdout). */
  stdout?: NodeJS.WriteStream;
  /** Where failures and usage errors go (default process.stderr). */
  stderr?: NodeJS.WritableStream;
}

/**
 * The import command: `argv` without the program name. Resolves to the exit status. The database
 * is opened only once the arguments are known to be good, and always closed.
 */
export async function runImport(argv: string[], deps: ImportDeps): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const args = argv.filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const unknown = args.find((arg) => arg.startsWith('-') && arg !== '--dry-run');
  const files = args.filter((arg) => arg !== '--dry-run');
  if (unknown !== undefined || files.length === 0) {
    stderr.write(`${unknown !== undefined ? `Unknown option ${unknown}\n` : ''}${IMPORT_USAGE}\n`);
    return 2;
  }
  const dryRun = args.includes('--dry-run');
  const reporter = stdout.isTTY
    ? new TerminalReporter(stdout, stderr, dryRun)
    : lineReporter((line) => stdout.write(`${line}\n`), (line) => stderr.write(`${line}\n`), dryRun);
  const database = await deps.openDatabase();
  try {
    const summary = await importBulletinFiles(files, { orm: database.orm, mediaStorage: createMediaStorage(deps.config), reporter, dryRun });
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

// `npm run import -- …` runs this file; importing it (the operator CLI does) runs nothing.
if (require.main === module) {
  runCommand(() => {
    const config = loadConfig();
    return runImport(process.argv.slice(2), { config, openDatabase: () => openDatabase(config, createLogger(config)) });
  });
}
