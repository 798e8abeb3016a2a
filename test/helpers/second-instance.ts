import { createApp, type App } from '../../src/app';
import { createLogger } from '../../src/shared/logger';
import type { Harness } from './harness';

/** Another app on the harness's database (and, with REDIS_URL in its config, its Redis): a second instance of one deployment. */
export async function startSecondInstance(h: Harness): Promise<{ app: App; url: string }> {
  const app = await createApp({ config: h.config, orm: h.orm, logger: createLogger({ logLevel: 'silent', logPretty: false }) });
  return { app, url: `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}` };
}
