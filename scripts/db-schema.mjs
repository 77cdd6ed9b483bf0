// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma: the models are shared,
// only the provider and the generated client's folder differ. Run by `npm run db:generate`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = readFileSync('prisma/schema.prisma', 'utf8');
const target = source
  .replace(/^\/\/ SQLite schema[\s\S]*?\n\n/, '// GENERATED from prisma/schema.prisma by scripts/db-schema.mjs: edit that file, not this one.\n\n')
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('output     = "../src/db/generated/sqlite"', 'output     = "../../src/db/generated/postgresql"')
  // An index PostgreSQL cannot hold (an unbounded text column: btree entries stop at ~2.7 KB),
  // with the doc comment lines just above it.
  .replace(/(^[ \t]*\/\/\/.*\n)*.*\/\/ sqlite-only\n/gm, '');
if (target === source || !target.includes('"postgresql"') || !target.includes('generated/postgresql')) {
  console.error('db-schema: prisma/schema.prisma no longer has the expected provider/output lines');
  process.exit(1);
}
mkdirSync('prisma/postgresql', { recursive: true });
writeFileSync('prisma/postgresql/schema.prisma', target);
