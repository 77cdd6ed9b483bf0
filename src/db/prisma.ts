/**
 * Creates the Prisma client for the configured database: SQLite through better-sqlite3
 * (WAL, busy timeout) by default, PostgreSQL through the pg adapter when DATABASE_URL
 * says so. Both generated clients come from one schema, so the app codes against one type.
 */
import { resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';
import { SerializedSQLiteAdapterFactory } from './serialized-sqlite-adapter.ts';

/** The client type the repositories use; the PostgreSQL client has the same shape. */
export type Db = SqliteClient;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export function databaseProvider(url: string): DatabaseProvider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** `file:./data/app.db` → an absolute path, so the database does not move with the cwd. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}

/** @param options.poolSize PostgreSQL connections per process. @defaultValue 10 */
export async function createDb(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  if (databaseProvider(url) === 'postgresql') {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new SerializedSQLiteAdapterFactory({ url: sqlitePath(url), timeout: 10_000 });
  const db = new SqliteClient({ adapter });
  // WAL lets readers run beside the writer; busy_timeout makes concurrent writers wait
  // instead of failing with SQLITE_BUSY (reliability plan #12).
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 10000');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return db;
}
