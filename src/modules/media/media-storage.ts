import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isMediaKey } from './media-formats';

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObjectInfo {
  bytes: number;
}

/**
 * Where media bytes live. Keys are content-addressed (`<sha256>.<ext>`, `<sha256>/w<width>.<ext>`;
 * see media-formats.ts), so a key never changes meaning and writing one twice is harmless.
 */
export interface MediaStorage {
  /** Human-readable, for logs: "local directory /srv/media", "s3 bucket news-media". */
  readonly description: string;
  /**
   * Stores bytes under `key`, whole or not at all (readers never see a partial object).
   * A file path source may be moved rather than copied: the caller must not use it afterwards.
   */
  put(key: string, source: Buffer | { path: string }, contentType: string): Promise<void>;
  /** The bytes (or `range` of them), or null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  stat(key: string): Promise<StoredObjectInfo | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

export function assertStorageKey(key: string): void {
  // CASE: a key is joined to a directory path or a bucket prefix; anything but a hash name could escape it.
  if (!isMediaKey(key)) throw new Error(`Invalid media storage key "${key}"`);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Media files in one local directory (MEDIA_DIR). Variants sit in a folder named after their original's hash. */
export class LocalMediaStorage implements MediaStorage {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = `local directory ${dir}`;
  }

  /**
   * Writes to a temporary file in the target directory (or moves the given file there), then
   * renames: readers see either no file or the whole file, never a partial one.
   */
  async put(key: string, source: Buffer | { path: string }, _contentType?: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // A leading dot and a random suffix: never a servable key, never shared by two writers.
    const temporary = path.join(path.dirname(target), `.${path.basename(key)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      if (Buffer.isBuffer(source)) await writeDurably(temporary, source);
      else await moveOrCopy(source.path, temporary);
      await fs.promises.rename(temporary, target);
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    // The stream owns the handle from here and closes it when done or destroyed.
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    const stat = await fs.promises.stat(this.pathOf(key)).catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw error;
    });
    return stat?.isFile() ? { bytes: stat.size } : null;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.promises.rm(file, { force: true });
    // A variant's folder goes with its last file (rmdir refuses a folder that is not empty).
    if (key.includes('/')) await fs.promises.rmdir(path.dirname(file)).catch(() => undefined);
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.dir, key);
  }
}

async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  const handle = await fs.promises.open(file, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Uploads are staged under MEDIA_DIR, so this is normally a rename; across file systems, a copy. */
async function moveOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.promises.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  }
  await fs.promises.chmod(to, 0o644);
}
