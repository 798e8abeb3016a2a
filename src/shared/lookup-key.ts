import { BadInputError } from './errors';
import { SLUG_MAX_LENGTH } from './slugify';
import { cleanPlainText, textLength } from './text';
import { assertUuid } from './uuid';

/** What a lookup by id or slug (`article(id | slug)`, `category(id | slug)`) searches for. */
export type LookupKey = { kind: 'id'; id: string } | { kind: 'slug'; slug: string };

/**
 * Checks the arguments of a lookup by id or slug: exactly one is given; an id must be a UUID (a
 * malformed one can name no row: refused rather than a database error), lower-cased; a slug is
 * cleaned as stored slugs are (NFC, trimmed, lower-case) and no longer than any stored slug.
 */
export function lookupKey({ id, slug }: { id?: string | null; slug?: string | null }): LookupKey {
  if ((id == null) === (slug == null)) throw new BadInputError('Give exactly one of "id" or "slug"', id == null ? 'id' : 'slug');
  if (id != null) return { kind: 'id', id: assertUuid(id, 'id') };
  const wanted = cleanPlainText(slug as string).toLowerCase();
  if (textLength(wanted) > SLUG_MAX_LENGTH) throw new BadInputError(`"slug" must be at most ${SLUG_MAX_LENGTH} characters`, 'slug');
  return { kind: 'slug', slug: wanted };
}
