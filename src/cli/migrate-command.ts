import { CommandError, readConfig, withDatabase, type CommandContext } from './command-io';

export const MIGRATE_USAGE = `Usage: bulletin migrate [up|status]
  up      apply every pending migration (the default; the server also does this at start)
  status  list applied and pending migrations, changing nothing`;

export async function migrateCommand(args: string[], ctx: CommandContext): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    ctx.io.out(MIGRATE_USAGE);
    return 0;
  }
  if (args.length > 1) throw new CommandError(`migrate takes one action, got "${args.join(' ')}"`, 2);
  const action = args[0] ?? 'up';
  if (action !== 'up' && action !== 'status') throw new CommandError(`Unknown migrate action "${action}"`, 2);
  const config = readConfig(ctx.env);
  return withDatabase(
    config,
    async (db) => {
      const migrator = db.orm.getMigrator();
      if (action === 'up') {
        const applied = await migrator.up();
        ctx.io.out(applied.length === 0 ? `Up to date (${db.description})` : `Applied ${applied.length} migration(s) on ${db.description}:`);
        for (const migration of applied) ctx.io.out(`  ${migration.name}`);
        return 0;
      }
      const executed = await migrator.getExecutedMigrations();
      const pending = await migrator.getPendingMigrations();
      ctx.io.out(`${db.description}: ${executed.length} applied, ${pending.length} pending`);
      for (const migration of executed) ctx.io.out(`  applied  ${migration.name}  ${new Date(migration.executed_at).toISOString()}`);
      for (const migration of pending) ctx.io.out(`  pending  ${migration.name}`);
      return 0;
    },
    { migrate: false },
  );
}
