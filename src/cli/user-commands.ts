import { parseArgs } from 'node:util';
import { isUniqueViolation } from '../db/pg-errors';
import { assertPasswordAcceptable, Role, UserService } from '../modules/identity';
import { CursorCodec } from '../shared/cursor';
import { AppError } from '../shared/errors';
import { CommandError, PASSWORD_ENV, readConfig, readNewPassword, withDatabase, type CommandContext } from './command-io';

/**
 * Accounts from the command line: the first admin of a fresh install, and a way back in. Both go
 * through UserService, so the rules are the API's (valid email, 10–72 bytes of password). The
 * password is never printed.
 */

const ROLES = Object.values(Role).join('|');

export const CREATE_USAGE = `Usage: bulletin user:create --email <email> --role <${ROLES}> [--name "Display Name"]
The password is asked for (twice, hidden) in a terminal; otherwise it is read from ${PASSWORD_ENV}.`;

export const PASSWORD_USAGE = `Usage: bulletin user:password --email <email>
Sets a new password and ends every session of the user. The password is asked for (twice,
hidden) in a terminal; otherwise it is read from ${PASSWORD_ENV}.`;

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new CommandError((error as Error).message, 2);
  }
}

/** Fails before the database is opened; UserService applies the same rule again. */
function checkPassword(password: string): void {
  try {
    assertPasswordAcceptable(password, 'password');
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CommandError(`--${name} is required`, 2);
  return value;
}

export async function createUserCommand(args: string[], ctx: CommandContext): Promise<number> {
  const values = parse(args, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } });
  if (values.help) {
    ctx.io.out(CREATE_USAGE);
    return 0;
  }
  const email = required(values, 'email');
  const roleText = required(values, 'role');
  const role = roleText.trim().toUpperCase();
  if (!(Object.values(Role) as string[]).includes(role)) throw new CommandError(`--role must be one of ${Object.values(Role).join(', ')} (got "${roleText}")`, 2);
  const name = typeof values.name === 'string' ? values.name : email.split('@')[0];
  const password = await readNewPassword(ctx, checkPassword);
  const config = readConfig(ctx.env);
  const user = await withDatabase(config, async (db) => {
    try {
      return await new UserService(db.orm.em.fork(), config, new CursorCodec(config.appSecret)).create({ email, displayName: name, role: role as Role, password });
    } catch (error) {
      if (error instanceof AppError) throw new CommandError(error.message);
      if (isUniqueViolation(error, 'users_email_unique')) {
        throw new CommandError('A user with this email already exists; nothing was created (to set a new password: bulletin user:password)');
      }
      throw error;
    }
  });
  ctx.io.out(`Created user ${user.id}`);
  ctx.io.out(`  email: ${user.email}`);
  ctx.io.out(`  role:  ${user.role}`);
  return 0;
}

export async function setPasswordCommand(args: string[], ctx: CommandContext): Promise<number> {
  const values = parse(args, { email: { type: 'string' } });
  if (values.help) {
    ctx.io.out(PASSWORD_USAGE);
    return 0;
  }
  const email = required(values, 'email');
  const password = await readNewPassword(ctx, checkPassword);
  const config = readConfig(ctx.env);
  const { user, sessionsEnded } = await withDatabase(config, async (db) => {
    try {
      return await new UserService(db.orm.em.fork(), config, new CursorCodec(config.appSecret)).resetPassword(email, password);
    } catch (error) {
      if (error instanceof AppError) throw new CommandError(error.message);
      throw error;
    }
  });
  ctx.io.out(`New password set for ${user.email} (${user.role}); ${sessionsEnded} session(s) ended`);
  return 0;
}
