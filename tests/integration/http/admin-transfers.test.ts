/** GET /api/admin/transfer-failures on SQLite and PostgreSQL: what `transfer_fail` recorded, newest first. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { FIXTURE_ADMIN_TOKEN, startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

describe.each(PROVIDERS)('GET /api/admin/transfer-failures (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN });
    const repo = new SqlContactRepo(database.connection.sql);
    const refused = { takeoverUserId: 'sales.wang', externalUserId: 'wmTransfer0000000000000000000001', reason: 'customer_refused', occurredAt: 1717000000 };
    // Delivered twice (a WeCom retry): still one record.
    await repo.recordTransferFailure(refused);
    await repo.recordTransferFailure(refused);
    await repo.recordTransferFailure({ takeoverUserId: 'sales.zhao', externalUserId: 'wmTransfer0000000000000000000002', reason: 'customer_limit_exceed', occurredAt: 1717000600 });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should list each failure once, newest first', async () => {
    const response = await app.request('GET', '/api/admin/transfer-failures');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      items: [
        { takeoverUserId: 'sales.zhao', externalUserId: 'wmTransfer0000000000000000000002', reason: 'customer_limit_exceed', occurredAt: 1717000600 },
        { takeoverUserId: 'sales.wang', externalUserId: 'wmTransfer0000000000000000000001', reason: 'customer_refused', occurredAt: 1717000000 },
      ],
    });
  });

  it('should honour the limit and refuse a bad one', async () => {
    const one = (await (await app.request('GET', '/api/admin/transfer-failures?limit=1')).json()) as { items: unknown[] };
    expect(one.items).toHaveLength(1);
    const bad = await app.request('GET', '/api/admin/transfer-failures?limit=0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid_input' });
  });

  it('should refuse a request without the admin token', async () => {
    expect((await app.request('GET', '/api/admin/transfer-failures', { token: null })).status).toBe(401);
  });
});
