/**
 * A fresh, migrated database per test file: a temp SQLite file, or a new PostgreSQL
 * database on the server `npm test` started (TEST_POSTGRES_URL).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase, type DatabaseConnection, type DatabaseProvider, type Db } from '../../src/db/prisma.ts';

export const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  provider: DatabaseProvider;
  url: string;
  /** Prisma, for assertions. */
  db: Db;
  connection: DatabaseConnection;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates and migrates an empty database; `drop` disconnects and deletes it. */
export async function createTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  let url: string;
  if (provider === 'sqlite') {
    url = `file:${join(tmpdir(), `scrm-${name}.db`)}`;
  } else {
    await adminQuery(`CREATE DATABASE "${name}"`);
    const base = new URL(process.env.TEST_POSTGRES_URL ?? '');
    base.pathname = `/${name}`;
    url = base.toString();
  }
  const connection = await openDatabase(url);
  await migrate(connection.prisma, url);
  return {
    provider,
    url,
    db: connection.prisma,
    connection,
    async drop() {
      await connection.close();
      if (provider === 'sqlite') {
        const path = url.slice('file:'.length);
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      } else {
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
  };
}
