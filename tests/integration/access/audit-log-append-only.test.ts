/** The AuditLog table refuses UPDATE and DELETE on both databases (triggers from the migration). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

describe.each(PROVIDERS)('AuditLog append-only triggers (%s)', (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should refuse an UPDATE and a DELETE and keep the row as written', async () => {
    const row = await database.db.auditLog.create({ data: { actor: 'sales.li', role: 'salesperson', action: 'POST /api/sidebar/customers/:id/notes', target: 'wmA', at: 1_764_000_000 } });
    await expect(database.db.$executeRawUnsafe(`UPDATE "AuditLog" SET "actor" = 'someone.else' WHERE "id" = ${row.id}`)).rejects.toThrow(/append-only/);
    await expect(database.db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(database.db.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await database.db.auditLog.findUnique({ where: { id: row.id } })).toMatchObject({ actor: 'sales.li', target: 'wmA' });
  });

  it('should still accept new rows', async () => {
    const before = await database.db.auditLog.count();
    await database.db.auditLog.create({ data: { actor: 'admin-token', role: 'super_admin', action: 'POST /api/admin/roles', target: 'lead.zhou', at: 1_764_000_001 } });
    expect(await database.db.auditLog.count()).toBe(before + 1);
  });
});
