// Creates a new committed migration for both providers from the current schema:
//   npm run db:migration -- <name>
// `prisma migrate dev` needs the native engine (toolchain.md), so the SQL comes from
// `prisma migrate diff` between the migrations already committed and the schema.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
execFileSync(process.execPath, ['scripts/db-schema.mjs'], { stdio: 'inherit' });
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
// `migrate diff --from-migrations` needs a shadow database, which the JS schema engine
// cannot take (pris.ly/d/schema-engine-limitations); so each migrations folder keeps a
// snapshot of the schema it was made from, and the next migration is the diff from it.
const targets = [
  { dir: 'prisma', provider: 'sqlite', url: 'file:./data/migration-diff.db' },
  // The pg adapter connects even for a datamodel diff; `npm test` runs a server on 5433.
  { dir: 'prisma/postgresql', provider: 'postgresql', url: process.env.MIGRATION_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5433/postgres' },
];
for (const { dir, provider, url } of targets) {
  const migrations = `${dir}/migrations`;
  const snapshot = `${migrations}/schema.snapshot.prisma`;
  const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const sql = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', `${dir}/schema.prisma`, '--script'],
    { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' },
  );
  const body = sql.replace(/^Loaded Prisma config.*\n/m, '');
  if (!/\S/.test(body.replace(/^--.*$/gm, ''))) {
    console.log(`${provider}: schema and migrations already agree, nothing written`);
    continue;
  }
  mkdirSync(`${migrations}/${stamp}_${name}`, { recursive: true });
  writeFileSync(`${migrations}/${stamp}_${name}/migration.sql`, body.trimStart());
  writeFileSync(`${migrations}/migration_lock.toml`, `provider = "${provider}"\n`);
  copyFileSync(`${dir}/schema.prisma`, snapshot);
  console.log(`${provider}: wrote ${migrations}/${stamp}_${name}/migration.sql`);
}
