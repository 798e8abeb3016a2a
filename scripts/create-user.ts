/**
 * Creates a user from the command line: the first admin of a fresh install, or a way back in.
 *
 *   npm run user:create -- --email a@b.vn --role ADMIN [--name "Display Name"]
 *
 * The password is asked twice, hidden, when stdin is a terminal; otherwise it is read from the
 * BULLETIN_PASSWORD environment variable. It goes through UserService.create, so the rules are
 * the API's (valid email, 10–72 bytes of password). The password is never printed.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { assertPasswordAcceptable } from '../src/modules/auth/password';
import { Role } from '../src/modules/user/user.entity';
import { UserService } from '../src/modules/user/user.service';
import { CursorCodec } from '../src/shared/cursor';
import { AppError } from '../src/shared/errors';
import { runCommand } from '../src/shared/run-command';

export const PASSWORD_ENV = 'BULLETIN_PASSWORD';

export const USAGE = `Usage: npm run user:create -- --email <email> --role <${Object.values(Role).join('|')}> [--name "Display Name"]
The password is asked for (twice, hidden) in a terminal; otherwise it is read from ${PASSWORD_ENV}.`;

export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** stdin is an interactive terminal: the password is asked for. */
  interactive: boolean;
  /** Reads one line without echoing it. */
  promptHidden(question: string): Promise<string>;
}

/** A failure with a message meant for the operator, and the exit code to end with. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface Options {
  email: string;
  role: Role;
  name: string;
}

/** Runs the command; resolves to the process exit code (0 on success). */
export async function createUserCommand(args: string[], env: Record<string, string | undefined>, io: CommandIO): Promise<number> {
  try {
    const options = parseOptions(args);
    if (options === 'help') {
      io.out(USAGE);
      return 0;
    }
    const password = await readPassword(env, io);
    const user = await createUser(options, password, env);
    io.out(`Created user ${user.id}`);
    io.out(`  email: ${user.email}`);
    io.out(`  role:  ${user.role}`);
    return 0;
  } catch (error) {
    if (error instanceof CommandError) {
      io.err(`user:create: ${error.message}`);
      if (error.exitCode === 2) io.err(USAGE);
      return error.exitCode;
    }
    throw error;
  }
}

function parseOptions(args: string[]): Options | 'help' {
  let values: { email?: string; role?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CommandError((error as Error).message, 2);
  }
  if (values.help) return 'help';
  if (!values.email) throw new CommandError('--email is required', 2);
  const role = values.role?.trim().toUpperCase();
  if (!role) throw new CommandError('--role is required', 2);
  if (!(Object.values(Role) as string[]).includes(role)) throw new CommandError(`--role must be one of ${Object.values(Role).join(', ')} (got "${values.role}")`, 2);
  const name = values.name ?? values.email.split('@')[0];
  return { email: values.email, role: role as Role, name };
}

async function readPassword(env: Record<string, string | undefined>, io: CommandIO): Promise<string> {
  if (io.interactive) {
    const password = await io.promptHidden('Password: ');
    checkPassword(password);
    if ((await io.promptHidden('Repeat the password: ')) !== password) throw new CommandError('The two passwords differ; nothing was created');
    return password;
  }
  const password = env[PASSWORD_ENV];
  if (password === undefined || password === '') {
    throw new CommandError(`No password: run this in a terminal to be asked for one, or set ${PASSWORD_ENV}`);
  }
  checkPassword(password);
  return password;
}

/** Fails before the database is opened; UserService.create applies the same rule again. */
function checkPassword(password: string): void {
  try {
    assertPasswordAcceptable(password, 'password');
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

async function createUser(options: Options, password: string, env: Record<string, string | undefined>) {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message);
    throw error;
  }
  // Warnings and errors only, on stderr: stdout carries the result.
  const logger = pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' }, pino.destination({ fd: 2, sync: true }));
  const db = await openDatabase(config, logger);
  try {
    const users = new UserService(db.orm.em.fork(), config, new CursorCodec(config.appSecret));
    return await users.create({ email: options.email, displayName: options.name, role: options.role, password });
  } catch (error) {
    if (error instanceof AppError) throw new CommandError(error.message);
    if (error instanceof UniqueConstraintViolationException && (error as { constraint?: string }).constraint === 'users_email_unique') {
      throw new CommandError('A user with this email already exists; nothing was created');
    }
    throw error;
  } finally {
    await db.close();
  }
}

/** Hidden input from a terminal: raw mode, no echo; Enter ends it, Ctrl-C cancels, Backspace erases. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      if (chunk.startsWith('\u001b')) return; // arrow keys and other escape sequences
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new CommandError('Cancelled; nothing was created', 130));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

if (require.main === module) {
  const io = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY),
    promptHidden,
  };
  runCommand(() => createUserCommand(process.argv.slice(2), process.env, io), 'user:create');
}
