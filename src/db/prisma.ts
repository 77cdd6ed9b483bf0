/**
 * Opens the configured database: SQLite through better-sqlite3 (WAL, busy timeout) by
 * default, PostgreSQL through the pg adapter when DATABASE_URL says so. Both generated
 * clients come from one schema, so the app codes against one type. Alongside Prisma it
 * hands out a plain-SQL client on the same connection or pool for hot paths.
 */
import { resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';
import { SerializedSQLiteAdapterFactory } from './serialized-sqlite-adapter.ts';
import { postgresSqlClient, sqliteSqlClient, type SqlClient } from './sql-client.ts';

/** The client type the repositories use; the PostgreSQL client has the same shape. */
export type Db = SqliteClient;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface DatabaseConnection {
  provider: DatabaseProvider;
  prisma: Db;
  sql: SqlClient;
  close(): Promise<void>;
}

export function databaseProvider(url: string): DatabaseProvider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** `file:./data/app.db` → an absolute path, so the database does not move with the cwd. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}

/** @param options.poolSize PostgreSQL connections per process. @defaultValue 10 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<DatabaseConnection> {
  if (databaseProvider(url) === 'postgresql') {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, a forced drop) is re-emitted
    // on the pool; unheard, it would crash the process. The pool replaces it on next use.
    pool.on('error', () => {});
    const prisma = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    await prisma.$connect();
    return {
      provider: 'postgresql',
      prisma,
      sql: postgresSqlClient(pool),
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const adapter = new SerializedSQLiteAdapterFactory({ url: sqlitePath(url), timeout: 10_000 });
  const prisma = new SqliteClient({ adapter });
  await prisma.$connect();
  // WAL lets readers run beside the writer; busy_timeout makes writers in other processes
  // wait instead of failing with SQLITE_BUSY (reliability plan #12).
  await adapter.exclusive((db) => {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
  });
  return {
    provider: 'sqlite',
    prisma,
    sql: sqliteSqlClient((work) => adapter.exclusive(work)),
    close: () => prisma.$disconnect(),
  };
}
