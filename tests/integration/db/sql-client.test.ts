/**
 * The SQL client's writes on both databases. On SQLite, writes that arrive together are
 * coalesced into one transaction with a savepoint each: every caller must still get its own
 * row count, a failing statement must fail alone (its neighbours committed), and a caller
 * must see its write once it has been answered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../../src/db/sql-client.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const insertClaim = `INSERT INTO "OnceClaim" ("key", "claimedAt") VALUES (?, ?)`;

describe.each(PROVIDERS)('SqlClient writes (%s)', (provider) => {
  let database: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    sql = database.connection.sql;
  });

  beforeEach(async () => {
    await database.db.onceClaim.deleteMany();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const keys = async () => (await sql.query<{ key: string }>(`SELECT "key" FROM "OnceClaim" ORDER BY "key"`)).map((row) => row.key);

  it('should answer each of many concurrent writes with its own count, and fail only the one that breaks a constraint', async () => {
    const at = 1_800_000_000;
    await sql.execute(insertClaim, ['taken', at]);
    const writes = [
      ...Array.from({ length: 30 }, (_, i) => sql.execute(insertClaim, [`k${String(i).padStart(2, '0')}`, at])),
      sql.execute(insertClaim, ['taken', at]),
      sql.execute(`UPDATE "OnceClaim" SET "claimedAt" = ? WHERE "key" LIKE 'nothing%'`, [at]),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.slice(0, 30).every((o) => o.status === 'fulfilled' && o.value === 1)).toBe(true);
    expect(outcomes[30]?.status).toBe('rejected');
    expect(outcomes[31]).toEqual({ status: 'fulfilled', value: 0 });
    expect(await keys()).toEqual([...Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}`), 'taken']);
  });

  it('should let a caller read its write as soon as it is answered', async () => {
    expect(await sql.execute(insertClaim, ['mine', 1_800_000_000])).toBe(1);
    expect(await keys()).toEqual(['mine']);
  });
});

// SQLite only: PostgreSQL runs concurrent statements on separate pooled connections, in no set order.
describe('SqlClient writes (sqlite, coalesced)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should apply writes given together in the order they were given', async () => {
    const { sql } = database.connection;
    const at = 1_800_000_000;
    const later = at + 3_600;
    const [inserted, updated] = await Promise.all([
      sql.execute(insertClaim, ['ordered', at]),
      sql.execute(`UPDATE "OnceClaim" SET "claimedAt" = ? WHERE "key" = 'ordered'`, [later]),
    ]);
    expect([inserted, updated]).toEqual([1, 1]);
    const [row] = await sql.query<{ claimedAt: unknown }>(`SELECT "claimedAt" FROM "OnceClaim" WHERE "key" = 'ordered'`);
    expect(Number(row?.claimedAt)).toBe(later);
  });
});
