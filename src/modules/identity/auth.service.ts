import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import { BadInputError, RateLimitedError, UnauthenticatedError } from '../../shared/errors';
import { cleanPlainText } from '../../shared/text';
import type { AuthPayload } from './auth.model';
import type { LoginThrottle } from './login-throttle';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './password';
import { Session } from './session.entity';
import { hashToken, newSessionToken } from './session-token';
import { EMAIL_MAX_LENGTH, User } from './user.entity';
import { USER_COLUMNS, type UserModel } from './user.model';
import { isSignedIn, type Viewer } from './viewer';

/** The one message for every failed login: it must not tell which part was wrong. */
export const LOGIN_FAILED = 'Invalid email or password';

export interface AuthDeps {
  config: Config;
  throttle: LoginThrottle;
  /** A bcrypt hash of nothing, compared against for unknown emails so they take as long as known ones. */
  dummyHash: () => Promise<string>;
}

export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: AuthDeps,
  ) {}

  async login(emailInput: string, password: string, clientAddress: string): Promise<AuthPayload> {
    const email = normalizeEmail(emailInput);
    // Keys stay small whatever is sent (no real address is longer): throttle state is memory.
    const keys = [`account:${email.slice(0, EMAIL_MAX_LENGTH)}`, `address:${clientAddress}`];
    const waits = await Promise.all(keys.map((key) => this.deps.throttle.attempt(key)));
    const wait = Math.max(...waits);
    if (wait > 0) throw rateLimited(wait);

    const row = await this.em.getKnex()('users').first('id', 'password_hash', 'active').where('email', email);
    const matches = await verifyPassword(password, row?.password_hash ?? (await this.deps.dummyHash()));
    // The attempt is already counted against both keys: a failure just leaves it there.
    if (!row || !matches || !row.active) throw new UnauthenticatedError(LOGIN_FAILED);
    await Promise.all([this.deps.throttle.reset(keys[0]), this.deps.throttle.forgive(keys[1])]);
    return this.openSession(row.id);
  }

  async logout(viewer: Viewer): Promise<boolean> {
    if (!isSignedIn(viewer) || !viewer.sessionId) throw new UnauthenticatedError();
    await this.em.nativeUpdate(Session, { id: viewer.sessionId, revokedAt: null }, { revokedAt: new Date() });
    return true;
  }

  /** Ends every other session of the user: a changed password must lock out whoever knew the old one. */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<boolean> {
    if (!isSignedIn(viewer)) throw new UnauthenticatedError();
    const next = assertPasswordAcceptable(newPassword, 'newPassword');
    const user = await this.em.findOneOrFail(User, viewer.id, { populate: ['passwordHash'] });
    // CASE: a stolen session must not become an unthrottled way to guess the account's password.
    const accountKey = `account:${user.email}`;
    const wait = await this.deps.throttle.attempt(accountKey);
    if (wait > 0) throw rateLimited(wait);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      // Not UNAUTHENTICATED: the session is fine, and clients treat that code as "log in again".
      throw new BadInputError('The current password is not correct', 'currentPassword');
    }
    await this.deps.throttle.forgive(accountKey);
    user.passwordHash = await hashPassword(next, this.deps.config.bcryptCost);
    await this.em.transactional(async (em) => {
      em.persist(user);
      await em.nativeUpdate(Session, { user: viewer.id, revokedAt: null, id: { $ne: viewer.sessionId ?? null } }, { revokedAt: new Date() });
    });
    return true;
  }

  private async openSession(userId: string): Promise<AuthPayload> {
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + this.deps.config.sessionAbsoluteHours * 3_600_000);
    const session = this.em.create(Session, { user: userId, tokenHash: hashToken(token), expiresAt, lastSeenAt: new Date() });
    await this.em.persistAndFlush(session);
    const user = (await this.em.getKnex()('users as u').first(USER_COLUMNS).where('u.id', userId)) as UserModel;
    return { token, expiresAt, user };
  }
}

function rateLimited(waitSeconds: number): RateLimitedError {
  return new RateLimitedError(`Too many failed logins; try again in ${Math.ceil(waitSeconds / 60)} minute(s)`, waitSeconds);
}

export function normalizeEmail(email: string): string {
  return cleanPlainText(email).toLowerCase();
}

/** How often lastSeenAt is written: once a minute is precise enough for an idle limit in minutes. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a bearer token to a viewer, reading the user's current role and status on every request
 * (a role change or deactivation applies to the very next request). null = not a live session.
 */
export async function authenticateToken(knex: Knex, config: Config, token: string): Promise<Viewer | null> {
  const row = await knex('session as s')
    .join('users as u', 'u.id', 's.user_id')
    .first({ sessionId: 's.id', lastSeenAt: 's.last_seen_at', expiresAt: 's.expires_at', userId: 'u.id', role: 'u.role', active: 'u.active' })
    .where('s.token_hash', hashToken(token))
    .whereNull('s.revoked_at');
  if (!row || !row.active) return null;
  const now = Date.now();
  if (new Date(row.expiresAt).getTime() <= now) return null;
  const lastSeen = new Date(row.lastSeenAt).getTime();
  if (lastSeen + config.sessionIdleMinutes * 60_000 <= now) return null;
  if (now - lastSeen > TOUCH_EVERY_MS) await knex('session').update({ last_seen_at: new Date(now) }).where('id', row.sessionId);
  return { kind: 'user', id: row.userId, role: row.role, sessionId: row.sessionId };
}
