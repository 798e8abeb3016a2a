import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../../db/pg-errors';
import type { Config } from '../../config';
import { Semaphore, SingleFlight } from '../../shared/concurrency';
import { User } from '../identity';
import { cleanMediaText, cleanOriginalName } from './media-fields';
import { FORMATS, allVariantKeys, isOfferedVariant, originalKey, type MediaKey, type MediaSource } from './media-formats';
import { MediaRejection, encodeOriginal, encodeVariant, inspectImage } from './media-image';
import { sanitizeSvg } from './media-svg';
import { Media } from './media.entity';
import { LocalMediaStorage, type MediaStorage } from './media-storage';
import { S3MediaStorage, createS3Client } from './media-storage-s3';

export type IngestSource = { buffer: Buffer } | { path: string; sha256: string };

export interface IngestDetails {
  originalName?: string | null;
  alt?: string | null;
  caption?: string | null;
  uploadedBy?: string | null;
}

export interface IngestResult {
  media: Media;
  /** false: the same image was already there (same uploaded bytes, or same bytes once stripped). */
  created: boolean;
}

export interface MediaPipelineOptions {
  /** Staging area for uploads and encoder output; on the same file system as a local media directory. */
  tempDir: string;
  maxPixels: number;
  concurrency: number;
  /** Accept SVG (sanitized); refused with 415 otherwise. Default false. */
  allowSvg?: boolean;
}

interface Processed {
  sha256: string;
  storageKey: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  body: Buffer | { path: string };
}

/**
 * Every image that becomes Media goes through here (uploads and seeds alike): checked from its
 * bytes, stripped of metadata, stored content-addressed; variants are made from the stored original.
 * Image work runs under one semaphore per instance.
 */
export class MediaPipeline {
  readonly jobs: Semaphore;
  private readonly variantFlights = new SingleFlight<boolean>();

  constructor(
    readonly storage: MediaStorage,
    private readonly options: MediaPipelineOptions,
  ) {
    this.jobs = new Semaphore(options.concurrency);
  }

  /** A fresh path in the staging area (the file is not created). */
  async tempPath(label: string): Promise<string> {
    await fs.promises.mkdir(this.options.tempDir, { recursive: true });
    return path.join(this.options.tempDir, `${label}-${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
  }

  /**
   * Finds or creates the Media for an image. The row is persisted, not flushed: the caller decides
   * the transaction. Bytes are stored before the row exists, so a row never points at nothing;
   * a refused image (MediaRejection, BadInputError) leaves nothing behind.
   */
  async ingest(em: EntityManager, source: IngestSource, details: IngestDetails = {}): Promise<IngestResult> {
    // Every refusal comes before any byte is stored.
    const alt = cleanMediaText(details.alt, 'alt');
    const caption = cleanMediaText(details.caption, 'caption');
    const originalName = cleanOriginalName(details.originalName);
    const uploadSha256 = 'sha256' in source ? source.sha256 : sha256Of(source.buffer);
    // Either these very bytes were uploaded before, or they are a stored original (downloaded and sent back).
    const known = await em.findOne(Media, { $or: [{ uploadSha256 }, { sha256: uploadSha256 }] });
    // CASE: a fresh media directory next to an existing database gets its files back.
    if (known && (await this.storage.exists(known.storageKey))) return { media: known, created: false };

    const output = 'path' in source ? await this.tempPath('encoded') : null;
    try {
      const processed = await this.process('path' in source ? source.path : source.buffer, output);
      const existing = known ?? (await em.findOne(Media, { sha256: processed.sha256 }));
      if (!(await this.storage.exists(processed.storageKey))) await this.storage.put(processed.storageKey, processed.body, processed.mimeType);
      if (existing) return { media: existing, created: false };
      const media = em.create(Media, {
        storageKey: processed.storageKey,
        originalName,
        mimeType: processed.mimeType,
        bytes: processed.bytes,
        width: processed.width,
        height: processed.height,
        sha256: processed.sha256,
        uploadSha256,
        uploadedBy: details.uploadedBy ? em.getReference(User, details.uploadedBy) : null,
        alt,
        caption,
      });
      em.persist(media);
      return { media, created: true };
    } finally {
      if (output) await fs.promises.rm(output, { force: true });
    }
  }

  /**
   * ingest + flush for a request of its own. Two uploads of the same image racing each other:
   * the loser's insert hits the unique hash and it answers with the winner's row.
   */
  async ingestAndSave(em: EntityManager, source: IngestSource, details: IngestDetails): Promise<IngestResult> {
    const result = await this.ingest(em, source, details);
    if (!result.created) return result;
    try {
      await em.flush();
      return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const fresh = em.fork();
      const winner = await fresh.findOne(Media, { $or: [{ sha256: result.media.sha256 }, { uploadSha256: result.media.uploadSha256 }] });
      if (!winner) throw error;
      return { media: winner, created: false };
    }
  }

  private process(input: string | Buffer, output: string | null): Promise<Processed> {
    return this.jobs.run(async () => {
      const image = await inspectImage(input, this.options.maxPixels, { allowSvg: this.options.allowSvg === true });
      if (image.format === 'svg') return processSvg(Buffer.isBuffer(input) ? input : await fs.promises.readFile(input));
      const encoded = output
        ? { ...(await encodeOriginal(input, image, this.options.maxPixels, output)), data: undefined }
        : await encodeOriginal(input, image, this.options.maxPixels);
      const sha256 = encoded.data ? sha256Of(encoded.data) : await sha256OfFile(output as string);
      return {
        sha256,
        storageKey: originalKey(sha256, image.format),
        mimeType: FORMATS[image.format].mimeType,
        width: encoded.width,
        height: encoded.height,
        bytes: encoded.bytes,
        body: encoded.data ?? { path: output as string },
      };
    });
  }

  /**
   * Makes sure a variant exists in storage, making it from the original when it is one that is
   * offered for that image (the width ladder, known formats). Identical concurrent requests make
   * it once. false: no such image, or a variant that is not offered.
   */
  ensureVariant(knex: Knex, key: Extract<MediaKey, { kind: 'variant' }>, storageKey: string): Promise<boolean> {
    return this.variantFlights.run(storageKey, async () => {
      if (await this.storage.exists(storageKey)) return true;
      const media = (await knex('media').first({ sha256: 'sha256', storageKey: 'storage_key', mimeType: 'mime_type', width: 'width' }).where('sha256', key.sha256)) as
        | MediaSource
        | undefined;
      if (!media || !isOfferedVariant(key, media)) return false;
      const bytes = await this.jobs.run(async () => {
        const original = await this.storage.get(media.storageKey);
        if (!original) return null;
        return encodeVariant(original, key.width, key.format, this.options.maxPixels);
      });
      if (!bytes) return false;
      await this.storage.put(storageKey, bytes, FORMATS[key.format].mimeType);
      return true;
    });
  }

  /** Removes an image's original and every variant that may have been made of it. */
  async removeStored(media: MediaSource): Promise<void> {
    const keys = [...allVariantKeys(media), media.storageKey];
    for (let start = 0; start < keys.length; start += 8) {
      await Promise.all(keys.slice(start, start + 8).map((key) => this.storage.delete(key)));
    }
  }
}

/** An SVG's stored form is its sanitized text: that is what is hashed, stored and served. */
function processSvg(uploaded: Buffer): Processed {
  const svg = sanitizeSvg(uploaded);
  if ('refused' in svg) throw new MediaRejection(422, svg.refused);
  const sha256 = sha256Of(svg.data);
  return {
    sha256,
    storageKey: originalKey(sha256, 'svg'),
    mimeType: FORMATS.svg.mimeType,
    width: svg.width,
    height: svg.height,
    bytes: svg.data.length,
    body: svg.data,
  };
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The configured storage adapter: MEDIA_DIR, or the S3 bucket of the S3_* variables. */
export function createMediaStorage(config: Pick<Config, 'mediaDir' | 'media'>): MediaStorage {
  const { s3 } = config.media;
  if (config.media.storage === 's3' && s3) return new S3MediaStorage(createS3Client(s3), s3.bucket);
  return new LocalMediaStorage(config.mediaDir);
}

/** Where uploads are staged while they stream in and are checked. */
export function stagingDir(mediaDir: string): string {
  return path.join(mediaDir, '.tmp');
}

/**
 * Removes staging files a crash left behind. Uploads finish within the request timeout, so a file
 * older than `maxAgeMs` belongs to no live request, on this instance or another sharing the dir.
 */
export async function sweepStagingArea(mediaDir: string, maxAgeMs = 3_600_000, now = Date.now()): Promise<number> {
  const dir = stagingDir(mediaDir);
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((entry) => entry.endsWith('.tmp'))) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > maxAgeMs) {
      await fs.promises.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

export function createMediaPipeline(config: Pick<Config, 'mediaDir' | 'mediaAllowSvg' | 'media'>, storage: MediaStorage = createMediaStorage(config)): MediaPipeline {
  return new MediaPipeline(storage, {
    tempDir: stagingDir(config.mediaDir),
    maxPixels: config.media.maxPixels,
    concurrency: config.media.imageConcurrency,
    allowSvg: config.mediaAllowSvg,
  });
}
