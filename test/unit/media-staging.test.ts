import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stagingDir, sweepStagingArea } from '../../src/modules/media/media-pipeline';

test('removes staging files older than the limit and keeps fresh ones and other files', async () => {
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-staging-'));
  try {
    const dir = stagingDir(mediaDir);
    fs.mkdirSync(dir, { recursive: true });
    const old = path.join(dir, 'upload-1-aa.tmp');
    const fresh = path.join(dir, 'upload-2-bb.tmp');
    const other = path.join(dir, 'keep.txt');
    for (const file of [old, fresh, other]) fs.writeFileSync(file, 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(other, twoHoursAgo, twoHoursAgo);

    expect(await sweepStagingArea(mediaDir)).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  } finally {
    fs.rmSync(mediaDir, { recursive: true, force: true });
  }
});

test('a missing staging area is nothing to sweep', async () => {
  expect(await sweepStagingArea(path.join(os.tmpdir(), 'bulletin-no-such-dir'))).toBe(0);
});
