import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../src/config';
import { createMediaStorage } from '../src/modules/media/media-pipeline';
import { importBulletinPage } from './bulletin/import-bulletin';
import { createDemoAccounts } from './demo-accounts';
import { parseBulletinPage } from './bulletin/parse-bulletin';
import { findProjectRoot } from './project-root';
import { ensureHouseAds } from './shared/house-ads';
import { slugify } from '../src/shared/slugify';

/** The newsroom's bulletin page, relative to the project root (also what error messages show). */
export const BULLETIN_PAGE = path.join('seeds', 'bulletin.txt');

/** Fills an empty database (no site row) with the bulletin seed. */
export async function seedIfEmpty(orm: MikroORM, config: Config, logger: Logger): Promise<void> {
  const [{ count }] = await orm.em.getKnex()('site').count<{ count: string }[]>({ count: '*' });
  if (Number(count) > 0) return;
  logger.info({ mediaDir: config.mediaDir }, 'empty database: seeding');
  const file = path.join(findProjectRoot(__dirname), BULLETIN_PAGE);
  const parsed = parseBulletinPage(await fs.promises.readFile(file, 'utf8'), BULLETIN_PAGE);
  const result = await importBulletinPage(orm, parsed, {
    mediaStorage: createMediaStorage(config),
    log: (message) => logger.info(message),
  });
  logger.info({ slug: result.slug, outcome: result.outcome }, 'seeded the bulletin page');
  await ensureHouseAds(orm, parsed.advertisements, config.publicUrl);
  // CASE: development gets accounts to try the editorial side with; production and tests never do.
  if (config.env === 'development') {
    const accounts = await createDemoAccounts(orm, config, slugify(parsed.author));
    logger.warn(
      { accounts: accounts.map(({ email, role, password }) => ({ email, role, password })) },
      'demo accounts created; their passwords are shown only this once',
    );
  }
}
