// Prisma CLI configuration: Rust-free (JS schema engine + driver adapters) so migrations
// run offline. DATABASE_URL picks the provider: a `file:` URL is SQLite, a
// `postgresql://` URL is PostgreSQL with its own generated schema and migrations.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./data/app.db';
const isPostgres = /^postgres(ql)?:\/\//.test(url);
const dir = isPostgres ? 'prisma/postgresql' : 'prisma';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  adapter: async () =>
    isPostgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }),
});
