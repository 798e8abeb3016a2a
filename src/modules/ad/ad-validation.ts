import { BadInputError } from '../../shared/errors';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { ALT_MAX_LENGTH } from '../media';
import type { AdSize } from './ad-slot.entity';

/** Every limit of the ad inputs, read by the checks and the GraphQL descriptions alike. */
export const AD_LIMITS = {
  keyMax: 64,
  nameMax: 200,
  altMax: ALT_MAX_LENGTH,
  urlMax: 2_048,
  sizesMax: 20,
  pixelsMax: 10_000,
  weightMax: 1_000_000,
  countMax: 1_000_000_000,
  idsMax: 100,
  statsDaysMax: 366,
  /** Ads per slot and request. */
  servingsMax: 10,
} as const;

const SLOT_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Plain text, NFC and trimmed, 1 to `max` characters. */
export function requiredText(value: string, field: string, max: number): string {
  const text = cleanPlainText(value);
  if (text === '') throw new BadInputError(`"${field}" must not be empty`, field);
  if (textLength(text) > max) throw new BadInputError(`"${field}" must be at most ${max} characters`, field);
  return text;
}

export function slotKey(value: string): string {
  const key = cleanPlainText(value);
  if (key.length > AD_LIMITS.keyMax || !SLOT_KEY.test(key)) {
    throw new BadInputError(`"key" must be lower-case letters, digits and single dashes, at most ${AD_LIMITS.keyMax} characters`, 'key');
  }
  return key;
}

export function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new BadInputError(`"${field}" must be a whole number from ${min} to ${max}`, field);
  return value;
}

export const weight = (value: number, field: string) => wholeNumber(value, field, 1, AD_LIMITS.weightMax);
export const pixels = (value: number, field: string) => wholeNumber(value, field, 1, AD_LIMITS.pixelsMax);

export function slotSizes(sizes: readonly AdSize[]): AdSize[] {
  if (sizes.length === 0 || sizes.length > AD_LIMITS.sizesMax) throw new BadInputError(`"sizes" must list 1 to ${AD_LIMITS.sizesMax} sizes`, 'sizes');
  const unique = new Map<string, AdSize>();
  sizes.forEach((size, i) => {
    const checked = { width: pixels(size.width, `sizes[${i}].width`), height: pixels(size.height, `sizes[${i}].height`) };
    unique.set(`${checked.width}x${checked.height}`, checked);
  });
  return [...unique.values()];
}

/** An absolute http(s) URL: the only place a click may ever be sent. */
export function clickUrl(value: string): string {
  const text = cleanPlainText(value);
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new BadInputError('"clickUrl" must be an absolute http:// or https:// URL', 'clickUrl');
  }
  if (text.length > AD_LIMITS.urlMax) throw new BadInputError(`"clickUrl" must be at most ${AD_LIMITS.urlMax} characters`, 'clickUrl');
  return parsed.href;
}

/** Distinct, well-formed ids, at most AD_LIMITS.idsMax. */
export function idList(ids: readonly string[], field: string): string[] {
  if (ids.length > AD_LIMITS.idsMax) throw new BadInputError(`"${field}" may list at most ${AD_LIMITS.idsMax} ids`, field);
  return [...new Set(ids.map((id) => assertUuid(id, field)))];
}

export function dateOrder(startsAt: Date | null, endsAt: Date | null): void {
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) throw new BadInputError('"endsAt" must be after "startsAt"', 'endsAt');
}
