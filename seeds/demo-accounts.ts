import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../src/config';
import { hashPassword, Role, User } from '../src/modules/identity';
import { SEED_EMAIL_DOMAIN } from './shared/authors';

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

const DEMO_STAFF = [
  { slug: 'bien-tap-vien', displayName: 'Biên tập viên', role: Role.EDITOR },
  { slug: 'quan-tri', displayName: 'Quản trị', role: Role.ADMIN },
];

/**
 * Development only: gives the seeded author a password and adds an editor and an admin, each with
 * a freshly generated password that is returned (to be printed once) and never stored in clear.
 */
export async function createDemoAccounts(orm: MikroORM, config: Config, authorSlug: string): Promise<DemoAccount[]> {
  if (config.isProduction) throw new Error('Demo accounts are never created in production');
  const em = orm.em.fork();
  const accounts: DemoAccount[] = [];
  const author = await em.findOne(User, { slug: authorSlug });
  const people: { user: User }[] = [];
  if (author) people.push({ user: author });
  for (const staff of DEMO_STAFF) {
    const existing = await em.findOne(User, { slug: staff.slug });
    if (existing) continue;
    const user = em.create(User, { ...staff, email: `${staff.slug}@${SEED_EMAIL_DOMAIN}`, passwordHash: '!' });
    people.push({ user });
  }
  for (const { user } of people) {
    const password = randomBytes(12).toString('base64url');
    user.passwordHash = await hashPassword(password, config.bcryptCost);
    accounts.push({ email: user.email, role: user.role, password });
  }
  await em.flush();
  return accounts;
}
