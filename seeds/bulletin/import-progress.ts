import type { ImportOutcome } from './import-bulletin';

export type FileOutcome = ImportOutcome | 'failed';

export type ImportSummary = Record<FileOutcome, number> & { total: number };

/** What the import command shows while it runs: a line per file, or a progress bar on a terminal. */
export interface ImportReporter {
  start(total: number): void;
  /** One file is done; `error` is the `file:line: reason` of a failure. */
  file(index: number, file: string, outcome: FileOutcome, error?: string): void;
  done(summary: ImportSummary): void;
}

/** How an outcome reads next to its file ("kept" says why, so nobody re-imports to "fix" it). */
export function describeOutcome(outcome: FileOutcome): string {
  return outcome === 'kept' ? 'kept (edited in Bulletin)' : outcome;
}

export function summaryLine(summary: ImportSummary, dryRun = false): string {
  const counts = `${summary.imported} imported, ${summary.updated} updated, ${summary.kept} kept (edited in Bulletin), ${summary.unchanged} unchanged, ${summary.failed} failed`;
  return `${dryRun ? 'Dry run, nothing written: ' : ''}${summary.total} file(s): ${counts}`;
}

/** Not a terminal (a log, a pipe, CI): one plain line per file, nothing redrawn. */
export function lineReporter(print: (line: string) => void, printError: (line: string) => void, dryRun = false): ImportReporter {
  let total = 0;
  return {
    start(count) {
      total = count;
      if (dryRun) print('Dry run: the pages are checked against the database; nothing is written.');
    },
    file(index, file, outcome, error) {
      print(`[${index + 1}/${total}] ${file}: ${describeOutcome(outcome)}`);
      if (error !== undefined) printError(error);
    },
    done: (summary) => print(summaryLine(summary, dryRun)),
  };
}

export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const BAR_WIDTH = 24;

/**
 * A terminal: one bar redrawn in place (done/total, percent, counts, ETA, the file at hand).
 * Lines an operator must read stay above it: failures, articles kept, and every file in a dry run
 * (whose point is the per-file answer).
 */
export class TerminalReporter implements ImportReporter {
  private total = 0;
  private doneCount = 0;
  private startedAt = 0;
  private readonly counts: Record<FileOutcome, number> = { imported: 0, updated: 0, kept: 0, unchanged: 0, failed: 0 };

  constructor(
    private readonly out: TerminalStream,
    private readonly err: TerminalStream,
    private readonly dryRun = false,
    private readonly now: () => number = Date.now,
  ) {}

  start(total: number): void {
    this.total = total;
    this.startedAt = this.now();
    if (this.dryRun) this.out.write('Dry run: the pages are checked against the database; nothing is written.\n');
    this.draw('');
  }

  file(index: number, file: string, outcome: FileOutcome, error?: string): void {
    this.doneCount = index + 1;
    this.counts[outcome] += 1;
    if (error !== undefined || outcome === 'kept' || this.dryRun) {
      this.out.write(CLEAR_LINE);
      if (error !== undefined) this.err.write(`${error}\n`);
      else this.out.write(`${file}: ${describeOutcome(outcome)}\n`);
    }
    this.draw(file);
  }

  done(summary: ImportSummary): void {
    this.out.write(`${CLEAR_LINE}${summaryLine(summary, this.dryRun)}\n`);
  }

  /** The bar for the state so far, cut to the terminal's width. */
  render(lastFile: string): string {
    const fraction = this.total === 0 ? 1 : this.doneCount / this.total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const { imported, updated, kept, unchanged, failed } = this.counts;
    const line = [
      `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${this.doneCount}/${this.total} ${Math.floor(fraction * 100)}%`,
      `${imported} imported, ${updated} updated, ${kept} kept, ${unchanged} unchanged, ${failed} failed`,
      `ETA ${this.eta()}`,
      lastFile,
    ]
      .filter(Boolean)
      .join(' · ');
    // A pseudo-terminal without a size reports 0 columns: assume the classic 80.
    const width = Math.max(20, (this.out.columns || 80) - 1);
    return [...line].length > width ? `${[...line].slice(0, width - 1).join('')}…` : line;
  }

  /** The mean time per file so far times the files left; unknown before the first one is done. */
  private eta(): string {
    if (this.doneCount === 0) return '--:--';
    const remainingMs = ((this.now() - this.startedAt) / this.doneCount) * (this.total - this.doneCount);
    const seconds = Math.round(remainingMs / 1000);
    const minutes = Math.floor(seconds / 60);
    return minutes >= 60
      ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
      : `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
  }

  private draw(lastFile: string): void {
    this.out.write(`${CLEAR_LINE}${this.render(lastFile)}`);
  }
}
