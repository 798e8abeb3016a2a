import { lookupKey } from '../../src/shared/lookup-key';
import { badInputField } from '../helpers/expect-graphql';

describe('lookupKey (article and category by id or slug)', () => {
  test('an id: a UUID, lower-cased', () => {
    expect(lookupKey({ id: '6F1C2A9E-3B7D-4E21-9C55-0A1B2C3D4E5F' })).toEqual({ kind: 'id', id: '6f1c2a9e-3b7d-4e21-9c55-0a1b2c3d4e5f' });
  });

  test('a slug: NFC, trimmed, lower-cased', () => {
    expect(lookupKey({ slug: '  Tin-Nong ', id: null })).toEqual({ kind: 'slug', slug: 'tin-nong' });
  });

  test.each([
    ['neither', {}, 'id'],
    ['both', { id: '6f1c2a9e-3b7d-4e21-9c55-0a1b2c3d4e5f', slug: 'x' }, 'slug'],
    ['a malformed id', { id: 'not-a-uuid' }, 'id'],
    ['a slug over 120 characters', { slug: 'a'.repeat(121) }, 'slug'],
  ])('refuses %s with BAD_USER_INPUT naming the argument', (_what, args, field) => {
    expect(badInputField(() => lookupKey(args))).toBe(field);
  });
});
