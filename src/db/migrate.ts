/**
 * Applies the committed SQL migrations (prisma/migrations for SQLite,
 * prisma/postgresql/migrations for PostgreSQL) in order, each once, each in its own
 * transaction. `prisma migrate deploy` cannot run against PostgreSQL through the JS
 * schema engine in Prisma 6.19 (prisma/orm#27403, "Column type 'name' could not be
 * deserialized"), so this small runner applies the SQL that `prisma migrate diff` wrote.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './prisma.ts';
import { databaseProvider } from './prisma.ts';

const TABLE = '_app_migrations';

export function migrationsDir(url: string, root = process.cwd()): string {
  return join(root, databaseProvider(url) === 'postgresql' ? 'prisma/postgresql/migrations' : 'prisma/migrations');
}

/** Splits a migration file into statements (Prisma's output has no `;` inside literals). */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(db: Db, url: string, root = process.cwd()): Promise<string[]> {
  const dir = migrationsDir(url, root);
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  await db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
  );
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${TABLE}"`);
  const done = new Set(rows.map((r) => r.name));
  const pending = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')) && !done.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const name of pending) {
    const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
    await db.$transaction(async (tx) => {
      for (const statement of statements(sql)) await tx.$executeRawUnsafe(statement);
      const appliedAt = new Date().toISOString();
      await tx.$executeRaw`INSERT INTO "_app_migrations" ("name", "appliedAt") VALUES (${name}, ${appliedAt})`;
    });
  }
  return pending;
}
