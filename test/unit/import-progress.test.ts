import { TerminalReporter, lineReporter, summaryLine } from '../../seeds/bulletin/import-progress';

function terminal(columns = 200) {
  const out: string[] = [];
  const err: string[] = [];
  let now = 0;
  const reporter = new TerminalReporter({ write: (t: string) => out.push(t), columns }, { write: (t: string) => err.push(t) }, false, () => now);
  return { reporter, out, err, tick: (ms: number) => void (now += ms) };
}

describe('TerminalReporter', () => {
  test('shows done/total, percent, counts and an ETA from the mean time per file', () => {
    const { reporter, tick } = terminal();
    reporter.start(10);
    expect(reporter.render('')).toBe('[░░░░░░░░░░░░░░░░░░░░░░░░] 0/10 0% · 0 imported, 0 updated, 0 kept, 0 unchanged, 0 failed · ETA --:--');
    tick(4_000);
    reporter.file(0, 'a.txt', 'imported');
    tick(2_000);
    reporter.file(1, 'b.txt', 'unchanged');
    // 6 s for 2 files: 3 s each, 8 to go.
    expect(reporter.render('b.txt')).toBe('[█████░░░░░░░░░░░░░░░░░░░] 2/10 20% · 1 imported, 0 updated, 0 kept, 1 unchanged, 0 failed · ETA 0:24 · b.txt');
  });

  test('writes hours into a long ETA and cuts the bar to the terminal width', () => {
    const { reporter, tick } = terminal(40);
    reporter.start(10_000);
    tick(10_000);
    reporter.file(0, 'a.txt', 'updated');
    const line = reporter.render('a-very-long-file-name.txt');
    expect([...line]).toHaveLength(39);
    expect(line.endsWith('…')).toBe(true);
    const wide = terminal(400);
    wide.reporter.start(10_000);
    wide.tick(10_000);
    wide.reporter.file(0, 'a.txt', 'updated');
    expect(wide.reporter.render('')).toContain('ETA 27:46:30');
  });

  test('keeps failures and kept articles above the bar, and ends with the summary on a clean line', () => {
    const { reporter, out, err } = terminal();
    reporter.start(3);
    reporter.file(0, 'a.txt', 'imported');
    reporter.file(1, 'b.txt', 'kept');
    reporter.file(2, 'c.txt', 'failed', 'c.txt:4: view count is not a number: "mười"');
    reporter.done({ total: 3, imported: 1, updated: 0, kept: 1, unchanged: 0, failed: 1 });
    const text = out.join('');
    expect(text).not.toContain('a.txt: imported\n');
    expect(text).toContain('\r\x1b[2Kb.txt: kept (edited in Bulletin)\n');
    expect(err).toEqual(['c.txt:4: view count is not a number: "mười"\n']);
    expect(text.endsWith('\r\x1b[2K3 file(s): 1 imported, 0 updated, 1 kept (edited in Bulletin), 0 unchanged, 1 failed\n')).toBe(true);
  });
});

test('lineReporter prints one line per file and the summary, marked in a dry run', () => {
  const lines: string[] = [];
  const reporter = lineReporter((l) => lines.push(l), (l) => lines.push(`! ${l}`), true);
  reporter.start(1);
  reporter.file(0, 'a.txt', 'kept');
  reporter.done({ total: 1, imported: 0, updated: 0, kept: 1, unchanged: 0, failed: 0 });
  expect(lines).toEqual([
    'Dry run: the pages are checked against the database; nothing is written.',
    '[1/1] a.txt: kept (edited in Bulletin)',
    summaryLine({ total: 1, imported: 0, updated: 0, kept: 1, unchanged: 0, failed: 0 }, true),
  ]);
  expect(lines[2]).toBe('Dry run, nothing written: 1 file(s): 0 imported, 0 updated, 1 kept (edited in Bulletin), 0 unchanged, 0 failed');
});
