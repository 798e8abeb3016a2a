import fs from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { MediaStorage } from '../../src/modules/media/media-storage';
import { importBulletinPage } from './import-bulletin';
import { lineReporter, type FileOutcome, type ImportReporter, type ImportSummary } from './import-progress';
import { BulletinParseError, parseBulletinPage } from './parse-bulletin';

export type { ImportSummary } from './import-progress';

export interface ImportFilesOptions {
  orm: MikroORM;
  mediaStorage: MediaStorage;
  /** Progress and summary lines (when no reporter is given). */
  print?: (line: string) => void;
  /** One line per file that failed (when no reporter is given). */
  printError?: (line: string) => void;
  /** How progress shows; default: a plain line per file through print/printError. */
  reporter?: ImportReporter;
  /** Parse and compare every page, report what would happen, write nothing. */
  dryRun?: boolean;
}

/**
 * Imports bulletin pages one by one, each in its own transaction: a broken page is reported
 * (`file:line: message`) and skipped, the others still go in. In a dry run every transaction is
 * rolled back, so each page is judged against the database as it is (two pages of one article in
 * the same dry run both read as new).
 */
export async function importBulletinFiles(files: string[], options: ImportFilesOptions): Promise<ImportSummary> {
  const reporter =
    options.reporter ?? lineReporter(options.print ?? (() => undefined), options.printError ?? (() => undefined), options.dryRun);
  const summary: ImportSummary = { total: files.length, imported: 0, updated: 0, kept: 0, unchanged: 0, failed: 0 };
  reporter.start(files.length);
  for (const [index, file] of files.entries()) {
    let outcome: FileOutcome;
    let failure: string | undefined;
    try {
      const parsed = parseBulletinPage(await fs.promises.readFile(file, 'utf8'), file);
      ({ outcome } = await importBulletinPage(options.orm, parsed, { mediaStorage: options.mediaStorage, dryRun: options.dryRun }));
    } catch (error) {
      outcome = 'failed';
      failure = describeFailure(file, error);
    }
    summary[outcome] += 1;
    reporter.file(index, file, outcome, failure);
  }
  reporter.done(summary);
  return summary;
}

function describeFailure(file: string, error: unknown): string {
  if (error instanceof BulletinParseError) return error.message; // already "file:line: reason"
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return `${file}: cannot read the file (${code})`;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
