/**
 * Roles and the audit log through the real app (SQLite): only super admins grant admin
 * roles, grants record before/after, successful writes are read back filtered and as CSV
 * with the actor, role, IP and user agent, and there is no way to edit or delete a row.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer } from '../../../src/http/server.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { FIXTURE_ADMIN_TOKEN, listenAdmin, NOW, requestAs, seedAccessWorld } from './access-world.ts';

interface AuditPage {
  items: { id: number; actor: string; role: string; action: string; target: string; detail: Record<string, unknown>; ip: string; userAgent: string }[];
  nextBeforeId: number | null;
}

let database: TestDatabase;
let app: TestApp;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date(NOW * 1000)), env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN } });
  await seedAccessWorld(app, database);
  ({ server, baseUrl } = await listenAdmin(app));
});

afterAll(async () => {
  if (server) await closeServer(server);
  await app?.close();
  await database?.drop();
});

const as = (who: Parameters<typeof requestAs>[1]) => requestAs(baseUrl, who, NOW * 1000);

describe('PUT /api/admin/roles/:userId', () => {
  it('should let only a super admin grant or revoke admin, and record before and after', async () => {
    const refused = await as('admin')('PUT', '/api/admin/roles/sales.wang', { role: 'admin' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'role_not_grantable' });
    expect((await as('admin')('PUT', '/api/admin/roles/boss.super', { role: 'salesperson' })).status).toBe(403);

    const granted = await as('super_admin')('PUT', '/api/admin/roles/sales.wang', { role: 'admin' });
    expect(granted.status).toBe(200);
    const rows = await database.db.auditLog.findMany({ where: { target: 'sales.wang' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'boss.super', role: 'super_admin', action: 'PUT /api/admin/roles/:userId', userAgent: 'access-test/1.0' });
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ body: { role: 'admin' }, before: null, after: { userId: 'sales.wang', role: 'admin', grantedBy: 'boss.super' } });
    expect(rows[0]!.ip).toMatch(/127\.0\.0\.1/);
  });

  it('should let an admin make a dept lead with departments from the directory, and refuse unknown ones', async () => {
    const bad = await as('admin')('PUT', '/api/admin/roles/sales.li', { role: 'dept_lead', departmentIds: [99] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('departmentIds');
    expect((await as('admin')('PUT', '/api/admin/roles/sales.li', { role: 'dept_lead', departmentIds: [3] })).status).toBe(200);
    const list = (await (await as('admin')('GET', '/api/admin/roles')).json()) as { staff: { userId: string; role: string; scopeDepartmentIds: number[] }[] };
    expect(list.staff.find((s) => s.userId === 'sales.li')).toMatchObject({ role: 'dept_lead', scopeDepartmentIds: [3] });
    expect(list.staff.find((s) => s.userId === 'lead.zhou')).toMatchObject({ role: 'dept_lead', scopeDepartmentIds: [2, 3] });
    expect((await as('admin')('PUT', '/api/admin/roles/sales.li', { role: 'salesperson' })).status).toBe(200);
  });
});

describe('GET /api/admin/audit and /audit.csv', () => {
  it('should list writes newest first, filtered by actor, action, target and time, and page by id', async () => {
    await as('token')('POST', '/api/admin/welcome-flows', { name: '审计测试', text: '您好' });
    const all = (await (await as('admin')('GET', '/api/admin/audit?limit=2')).json()) as AuditPage;
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toMatchObject({ actor: 'admin-token', role: 'super_admin', action: 'POST /api/admin/welcome-flows', detail: { body: { name: '审计测试', text: '您好' } } });
    expect(all.nextBeforeId).toBe(all.items[1]!.id);
    const byActor = (await (await as('admin')('GET', '/api/admin/audit?actor=boss.super')).json()) as AuditPage;
    expect(byActor.items.map((r) => r.target)).toEqual(['sales.wang']);
    const byAction = (await (await as('admin')('GET', '/api/admin/audit?action=welcome-flows')).json()) as AuditPage;
    expect(byAction.items.map((r) => r.action)).toEqual(['POST /api/admin/welcome-flows']);
    const future = (await (await as('admin')('GET', `/api/admin/audit?from=${NOW + 3600}`)).json()) as AuditPage;
    expect(future.items).toEqual([]);
    expect((await as('admin')('GET', `/api/admin/audit?from=${NOW}&to=${NOW - 1}`)).status).toBe(400);
    expect((await as('dept_lead')('GET', '/api/admin/audit')).status).toBe(403);
  });

  it('should export the filtered rows as CSV with a BOM and defused cells', async () => {
    const response = await as('admin')('GET', '/api/admin/audit.csv?target=sales.wang');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,at (UTC),actor,role,action,target,detail,ip,user agent');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('PUT /api/admin/roles/:userId');
  });

  it('should offer no route that edits or deletes an audit row', async () => {
    const [row] = (await database.db.auditLog.findMany({ take: 1 }))!;
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await as('token')(method, `/api/admin/audit/${row!.id}`, method === 'DELETE' ? undefined : { actor: 'x' })).status, method).toBeOneOf([404, 405]);
    }
    expect((await as('token')('DELETE', '/api/admin/audit')).status).toBeOneOf([404, 405]);
  });
});

// Last: its writes would show in the audit listing above.
describe('the audit row\'s IP', () => {
  it('should record the peer address, not a forged X-Forwarded-For, unless TRUST_PROXY says a proxy sets it', async () => {
    const forged = { 'x-forwarded-for': '203.0.113.9' };
    expect((await as('super_admin')('PUT', '/api/admin/roles/sales.zhao', { role: 'salesperson' }, forged)).status).toBe(200);
    const proxied = await listenAdmin(app, { trustProxy: true });
    try {
      const viaProxy = requestAs(proxied.baseUrl, 'super_admin', NOW * 1000);
      expect((await viaProxy('PUT', '/api/admin/roles/sales.qian', { role: 'salesperson' }, forged)).status).toBe(200);
    } finally {
      await closeServer(proxied.server);
    }
    const ipOf = async (target: string) => (await database.db.auditLog.findFirstOrThrow({ where: { target } })).ip;
    expect(await ipOf('sales.zhao')).toMatch(/127\.0\.0\.1/);
    expect(await ipOf('sales.qian')).toBe('203.0.113.9');
  });
});
