// Configuration for the MikroORM CLI (migration:create and friends): npm run db:migration:create.
import { loadConfig } from '../config';
import { ormConfig } from './orm-config';

const { databaseUrl } = loadConfig();
if (!databaseUrl) throw new Error('Set DATABASE_URL to run the MikroORM CLI (e.g. postgres://postgres@127.0.0.1:54329/bulletin while npm start runs)');

export default ormConfig({ clientUrl: databaseUrl });
