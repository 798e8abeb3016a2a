import type { Knex } from '@mikro-orm/postgresql';
import type { Viewer } from '../identity';

/**
 * Something outside the media module that shows images: an article's cover or body, the site
 * banner, later an ad creative. Media knows none of them; each implements this where it lives,
 * and the wiring registers them (src/graphql/context.ts).
 */
export interface MediaUsage {
  /**
   * A correlated subquery on the media row aliased `m`: it returns a row when the public sees the
   * image through this use (an anonymous reader may then look the image up).
   */
  publicUse(knex: Knex): Knex.QueryBuilder;
  /** The uses of this image, in words, as this viewer may know them (hidden uses counted, not named). */
  describeUses(trx: Knex.Transaction, media: { id: string; sha256: string }, viewer: Viewer): Promise<string[]>;
}
