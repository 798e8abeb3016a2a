import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createMediaStorage } from '../src/modules/media/media-pipeline';
import { createLogger } from '../src/shared/logger';
import { importBulletinFiles } from './bulletin/import-files';
import { runCommand } from '../src/shared/run-command';

const USAGE = 'Usage: npm run import -- <page.txt> [more pages...]\nImports bulletin pages scraped from the portal (see seeds/bulletin.txt).';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const files = argv.filter((arg) => arg !== '--');
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config, createLogger(config));
  try {
    const summary = await importBulletinFiles(files, {
      orm: database.orm,
      mediaStorage: createMediaStorage(config),
      print: (line) => console.log(line),
      printError: (line) => console.error(line),
    });
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

runCommand(() => main(process.argv.slice(2)));
