// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: the SQLite file).
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/prisma.ts';

const config = loadConfig();
if (config.databaseProvider === 'sqlite') mkdirSync('data', { recursive: true });
const db = await openDatabase(config.databaseUrl);
try {
  const applied = await migrate(db.prisma, config.databaseUrl);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
