import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Media } from '../../src/modules/media/media.entity';
import { MediaPipeline, sha256Of } from '../../src/modules/media/media-pipeline';
import type { MediaStorage } from '../../src/modules/media/media-storage';
import type { RenderedImage } from '../bulletin/placeholder-image';

export interface ImageDescription {
  alt: string | null;
  caption?: string | null;
}

/**
 * Seeded images go through the same pipeline as uploads (type check, metadata stripping,
 * content-addressed storage): finds or creates their Media row, matched by the rendered bytes' hash.
 * Remembers what it created, so the same bytes twice in one unit of work make one row.
 */
export class SeedMediaLibrary {
  private readonly byUploadSha256 = new Map<string, Media>();
  private readonly pipeline: MediaPipeline;

  constructor(
    private readonly em: EntityManager,
    storage: MediaStorage | MediaPipeline,
  ) {
    // Seed images are small buffers: no staging files, one image job at a time.
    this.pipeline =
      storage instanceof MediaPipeline ? storage : new MediaPipeline(storage, { tempDir: path.join(os.tmpdir(), 'bulletin-seed-media'), maxPixels: 40_000_000, concurrency: 1 });
  }

  async ensure(image: RenderedImage, description: ImageDescription): Promise<Media> {
    const uploadSha256 = sha256Of(image.bytes);
    const known = this.byUploadSha256.get(uploadSha256);
    if (known) return known;
    const { media } = await this.pipeline.ingest(this.em, { buffer: image.bytes }, { alt: description.alt, caption: description.caption ?? null });
    this.byUploadSha256.set(uploadSha256, media);
    return media;
  }
}
