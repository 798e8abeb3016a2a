import { freeSlug } from '../../db/free-slug';
import { knexOf, lockForTransaction } from '../../db/transaction';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { keysetPage, type KeysetOrder } from '../../db/keyset';
import type { Page } from '../../shared/connection';
import type { CursorCodec } from '../../shared/cursor';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { slugify } from '../../shared/slugify';
import { cleanPlainText, textLength } from '../../shared/text';
import { assertUuid } from '../../shared/uuid';
import { normalizeEmail } from './auth.service';
import { assertPasswordAcceptable, hashPassword } from './password';
import { Role } from './roles';
import { Session } from './session.entity';
import { DISPLAY_NAME_MAX, EMAIL_MAX_LENGTH, User } from './user.entity';
import type { CreateUserInput, UpdateUserInput, UsersArgs } from './user.inputs';
import { USER_COLUMNS, type UserModel } from './user.model';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Slugs are unique: they order the list on their own, and cursors stay the same (['users', slug]). */
const USER_ORDER: KeysetOrder = { kind: 'users', keys: [{ sql: 'u.slug', cast: 'text' }], descending: false };

/** Accounts: created and changed by admins only (the resolvers' role gate says so). */
export class UserService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: Config,
    private readonly cursors: CursorCodec,
  ) {}

  async create(input: CreateUserInput): Promise<UserModel> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || textLength(email) > EMAIL_MAX_LENGTH) throw new BadInputError('"email" is not a valid email address', 'email');
    const displayName = checkDisplayName(input.displayName);
    const password = assertPasswordAcceptable(input.password, 'password');
    const passwordHash = await hashPassword(password, this.config.bcryptCost);
    // In one transaction with the slug's lock: two users named alike never get the same slug.
    const id = await this.em.transactional(async (tx) => {
      const slug = await freeSlug(knexOf(tx), 'user', slugify(displayName) || 'user', takenUserSlugs);
      const user = tx.create(User, { email, displayName, slug, role: input.role, passwordHash });
      await tx.flush();
      return user.id;
    });
    return this.read(id);
  }

  async update(id: string, input: UpdateUserInput): Promise<UserModel> {
    const user = await this.em.findOne(User, assertUuid(id, 'id'));
    if (!user) throw new NotFoundError('No such user');
    const wasActiveAdmin = isActiveAdmin(user);
    if (input.displayName != null) user.displayName = checkDisplayName(input.displayName);
    if (input.role != null) user.role = input.role;
    if (input.active != null) user.active = input.active;
    await this.em.transactional(async (em) => {
      if (wasActiveAdmin && !isActiveAdmin(user)) await assertAnotherActiveAdmin(em, user.id, user.active ? 'role' : 'active');
      em.persist(user);
      // CASE: deactivation ends the user's sessions for good (reactivating does not revive them).
      if (input.active === false) await em.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
    });
    return this.read(user.id);
  }

  /**
   * An operator's way back in (the `bulletin user:password` command): sets a new password and
   * ends every session of the user, as a password change must lock out whoever knew the old one.
   */
  async resetPassword(emailInput: string, password: string): Promise<{ user: UserModel; sessionsEnded: number }> {
    const user = await this.em.findOne(User, { email: normalizeEmail(emailInput) });
    if (!user) throw new NotFoundError('No user has this email');
    user.passwordHash = await hashPassword(assertPasswordAcceptable(password, 'password'), this.config.bcryptCost);
    const sessionsEnded = await this.em.transactional(async (em) => {
      em.persist(user);
      return em.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
    });
    return { user: await this.read(user.id), sessionsEnded };
  }

  async list(args: UsersArgs): Promise<Page<UserModel>> {
    const qb = this.em.getKnex()('users as u').select(USER_COLUMNS);
    if (args.role) qb.where('u.role', args.role);
    return keysetPage<UserModel>({ query: qb, order: USER_ORDER, cursors: this.cursors, args });
  }


  private async read(id: string): Promise<UserModel> {
    return (await this.em.getKnex()('users as u').first(USER_COLUMNS).where('u.id', id)) as UserModel;
  }

}

function isActiveAdmin(user: User): boolean {
  return user.role === Role.ADMIN && user.active;
}

/** "Quốc Vũ" → quoc-vu, then quoc-vu-2 … when taken. */
function takenUserSlugs(knex: Knex, base: string): Knex.QueryBuilder {
  return knex('users').select('slug').where('slug', base).orWhere('slug', 'like', `${base}-%`);
}

/** Serializes admin demotions so two admins demoting each other at once cannot both succeed. */
const LAST_ADMIN_LOCK = 'last-admin';

/**
 * CASE: the newsroom must keep one active admin, or nobody could manage accounts any more
 * (short of the user:create command on the server).
 */
async function assertAnotherActiveAdmin(em: EntityManager, userId: string, field: 'role' | 'active'): Promise<void> {
  await lockForTransaction(knexOf(em), LAST_ADMIN_LOCK);
  const others = await em.count(User, { role: Role.ADMIN, active: true, id: { $ne: userId } });
  if (others === 0) throw new BadInputError('This is the last active admin: make another user an admin first', field);
}

function checkDisplayName(value: string): string {
  const name = cleanPlainText(value);
  if (textLength(name) === 0 || textLength(name) > DISPLAY_NAME_MAX) {
    throw new BadInputError(`"displayName" must be 1 to ${DISPLAY_NAME_MAX} characters`, 'displayName');
  }
  return name;
}
