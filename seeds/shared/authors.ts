import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import bcrypt from 'bcrypt';
import { Role, User } from '../../src/modules/identity';
import { slugify } from '../../src/shared/slugify';
import { cleanPlainText } from '../../src/shared/text';

/** Seeded accounts live under a reserved domain: they are people's bylines, not mailboxes. */
export const SEED_EMAIL_DOMAIN = 'bulletin.local';

/**
 * The author with this display name, created as an AUTHOR when missing (matched by slug or email).
 * Existing accounts are returned untouched.
 */
export async function ensureAuthor(em: EntityManager, displayName: string): Promise<User> {
  const name = cleanPlainText(displayName);
  const slug = slugify(name);
  if (slug === '') throw new Error(`Cannot derive an author slug from "${displayName}"`);
  const email = `${slug}@${SEED_EMAIL_DOMAIN}`;
  const existing = await em.findOne(User, { $or: [{ slug }, { email }] });
  if (existing) return existing;
  return em.create(User, { email, displayName: name, slug, role: Role.AUTHOR, passwordHash: await unusablePasswordHash() });
}

/**
 * A hash of 256 random bits nobody ever sees: the account cannot sign in until an admin sets a
 * password. Guessing the secret is hopeless at any cost factor, so the lowest one keeps seeding fast.
 */
function unusablePasswordHash(): Promise<string> {
  return bcrypt.hash(randomBytes(32).toString('hex'), 4);
}
