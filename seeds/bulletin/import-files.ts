import fs from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { MediaStorage } from '../../src/modules/media/media-storage';
import { importBulletinPage, type ImportOutcome } from './import-bulletin';
import { BulletinParseError, parseBulletinPage } from './parse-bulletin';

export interface ImportFilesOptions {
  orm: MikroORM;
  mediaStorage: MediaStorage;
  /** Progress and summary lines. */
  print: (line: string) => void;
  /** One line per file that failed. */
  printError: (line: string) => void;
}

export type ImportSummary = Record<ImportOutcome | 'failed', number> & { total: number };

/**
 * Imports bulletin pages one by one, each in its own transaction: a broken page is reported
 * (`file:line: message`) and skipped, the others still go in.
 */
export async function importBulletinFiles(files: string[], options: ImportFilesOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { total: files.length, imported: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const [index, file] of files.entries()) {
    const progress = `[${index + 1}/${files.length}] ${file}`;
    try {
      const parsed = parseBulletinPage(await fs.promises.readFile(file, 'utf8'), file);
      const { outcome } = await importBulletinPage(options.orm, parsed, { mediaStorage: options.mediaStorage });
      summary[outcome] += 1;
      options.print(`${progress}: ${outcome}`);
    } catch (error) {
      summary.failed += 1;
      options.print(`${progress}: failed`);
      options.printError(describeFailure(file, error));
    }
  }
  options.print(
    `${summary.total} file(s): ${summary.imported} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed`,
  );
  return summary;
}

function describeFailure(file: string, error: unknown): string {
  if (error instanceof BulletinParseError) return error.message; // already "file:line: reason"
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return `${file}: cannot read the file (${code})`;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
