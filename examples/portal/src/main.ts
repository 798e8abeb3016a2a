import { PortalConfigError, loadPortalConfig } from './config';
import { createPortal } from './server';

async function main(): Promise<void> {
  const config = loadPortalConfig();
  const app = createPortal(config, { logger: true });
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`portal: ${config.publicUrl} (Bulletin: ${config.bulletinUrl})`);
}

main().catch((error: unknown) => {
  if (error instanceof PortalConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});
