import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from '../config';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../db/database';

/** What a command reads and writes: the real terminal in production, captured output in tests. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  /** stdin is an interactive terminal: passwords are asked for. */
  interactive: boolean;
  /** Reads one line without echoing it. */
  promptHidden(question: string): Promise<string>;
}

/** Everything a command needs from outside: arguments aside, tests give their own. */
export interface CommandContext {
  env: Record<string, string | undefined>;
  io: CommandIO;
}

/** A failure with a message meant for the operator, and the exit code to end with (2: usage). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function readConfig(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message);
    throw error;
  }
}

/** Warnings and errors only, on stderr: stdout carries the command's result. */
export function commandLogger(config: Config): Logger {
  return pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' }, pino.destination({ fd: 2, sync: true }));
}

/**
 * Opens the database for a command and closes it afterwards. With the embedded database, a
 * running server's cluster is used as a client: importing while the server runs is the normal case.
 */
export async function withDatabase<T>(config: Config, use: (db: Database) => Promise<T>, options: OpenDatabaseOptions = {}): Promise<T> {
  const db = await openDatabase(config, commandLogger(config), { attach: true, ...options });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

export const PASSWORD_ENV = 'BULLETIN_PASSWORD';

/** Asked twice, hidden, in a terminal; otherwise read from BULLETIN_PASSWORD (containers, scripts). */
export async function readNewPassword(ctx: CommandContext, check: (password: string) => void): Promise<string> {
  if (ctx.io.interactive) {
    const password = await ctx.io.promptHidden('Password: ');
    check(password);
    if ((await ctx.io.promptHidden('Repeat the password: ')) !== password) throw new CommandError('The two passwords differ; nothing was changed');
    return password;
  }
  const password = ctx.env[PASSWORD_ENV];
  if (password === undefined || password === '') {
    throw new CommandError(`No password: run this in a terminal to be asked for one, or set ${PASSWORD_ENV}`);
  }
  check(password);
  return password;
}

/** Hidden input from a terminal: raw mode, no echo; Enter ends it, Ctrl-C cancels, Backspace erases. */
export function promptHidden(question: string): Promise<string> {
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
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new CommandError('Cancelled; nothing was changed', 130));
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

export function terminalIO(): CommandIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY),
    promptHidden,
  };
}
