#!/usr/bin/env node
/**
 * `bulletin <command>`: the operator's command, compiled into dist/ and run with production
 * dependencies only, so the same commands work in the Docker image (`docker run … bulletin
 * user:create …`), from a clone (`npx bulletin …`, `npm run import -- …`) and in scripts.
 */
import 'reflect-metadata';
import path from 'node:path';
import { openDatabase } from '../db/database';
import { OperatorError } from '../shared/operator-error';
import { CommandError, commandLogger, readConfig, terminalIO, type CommandContext } from './command-io';
import { MIGRATE_USAGE, migrateCommand } from './migrate-command';
import { CREATE_USAGE, PASSWORD_USAGE, createUserCommand, setPasswordCommand } from './user-commands';
import { runCommand } from '../shared/run-command';
import { DEMO_USAGE, seedDemoCommand } from '../../seeds/demo-cli';
import { IMPORT_USAGE, runImport } from '../../seeds/import-cli';

type Command = (args: string[], ctx: CommandContext) => Promise<number>;

const importCommand: Command = (args, ctx) => {
  const config = readConfig(ctx.env);
  // npm scripts run in the project root: page paths are the operator's, relative to where npm was run.
  const base = ctx.env.INIT_CWD ?? process.cwd();
  const files = args.map((arg) => (arg.startsWith('-') ? arg : path.resolve(base, arg)));
  // A dry run writes nothing, migrations included.
  const migrate = !args.includes('--dry-run');
  return runImport(files, { config, openDatabase: () => openDatabase(config, commandLogger(config), { attach: true, migrate }) });
};

const COMMANDS: Record<string, { run: Command; summary: string; usage: string }> = {
  'user:create': { run: createUserCommand, summary: 'create a user (the first admin, say)', usage: CREATE_USAGE },
  'user:password': { run: setPasswordCommand, summary: 'set a new password for a user and end their sessions', usage: PASSWORD_USAGE },
  import: { run: importCommand, summary: 'import bulletin pages (.txt) into the database', usage: IMPORT_USAGE },
  'seed:demo': { run: seedDemoCommand, summary: 'add generated demo articles', usage: DEMO_USAGE },
  migrate: { run: migrateCommand, summary: 'apply pending migrations, or show their status', usage: MIGRATE_USAGE },
};

export const USAGE = `Usage: bulletin <command> [options]   (bulletin <command> --help for its options)

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(14)} ${summary}`)
  .join('\n')}

The database is DATABASE_URL, or the embedded one under DATA_DIR (a running server's, if any).`;

export async function runBulletin(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv.filter((arg, index) => !(index === 1 && arg === '--'));
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? ctx.io.err : ctx.io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.io.err(`Unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (!(error instanceof CommandError || error instanceof OperatorError)) throw error;
    ctx.io.err(`${name}: ${error.message}`);
    if (error instanceof CommandError && error.exitCode === 2) ctx.io.err(command.usage);
    return error instanceof CommandError ? error.exitCode : 1;
  }
}

if (require.main === module) {
  const io = terminalIO();
  runCommand(() => runBulletin(process.argv.slice(2), { env: process.env, io }), process.argv[2]);
}
