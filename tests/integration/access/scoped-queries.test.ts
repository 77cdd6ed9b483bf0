/**
 * The data scope on SQLite and PostgreSQL through the real app: a dept lead sees the
 * customers, tasks and alerts of the salespeople of their departments (sub-departments
 * included) and their own; a salesperson only theirs; admins all. One customer outside
 * the scope answers 404 like an unknown one. Then the role is revoked and the same
 * session sees only its own at once.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer } from '../../../src/http/server.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';
import { FIXTURE_ADMIN_TOKEN, listenAdmin, NOW, requestAs, seedAccessWorld, type PrincipalName } from './access-world.ts';

describe.each(PROVIDERS)('scoped customer views (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  let server: Server;
  let baseUrl: string;
  const as = (who: PrincipalName) => requestAs(baseUrl, who, NOW * 1000);
  const json = async <T>(response: Promise<Response>): Promise<T> => {
    const res = await response;
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const customerIds = async (who: PrincipalName) =>
    (await json<{ items: { externalUserId: string; followers: { userId: string }[] }[] }>(as(who)('GET', '/api/admin/customers?limit=50'))).items;
  const taskOwners = async (who: PrincipalName) => [...new Set((await json<{ items: { userId: string }[] }>(as(who)('GET', '/api/admin/tasks?limit=50'))).items.map((t) => t.userId))].sort();
  const alertOwners = async (who: PrincipalName) => [...new Set((await json<{ items: { userId: string }[] }>(as(who)('GET', '/api/admin/quality/alerts?limit=50'))).items.map((t) => t.userId))].sort();

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date(NOW * 1000)), env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN } });
    await seedAccessWorld(app, database);
    ({ server, baseUrl } = await listenAdmin(app));
  });

  afterAll(async () => {
    if (server) await closeServer(server);
    await app?.close();
    await database?.drop();
  });

  it('should list every customer for an admin and the token', async () => {
    for (const who of ['token', 'admin'] as const) {
      expect((await customerIds(who)).map((c) => c.externalUserId)).toEqual(['wmLi1', 'wmLi2', 'wmShared', 'wmWang1', 'wmZhou1']);
    }
  });

  it('should list a dept lead the customers of their sub-department and their own, with only those relations', async () => {
    const items = await customerIds('dept_lead');
    expect(items.map((c) => c.externalUserId)).toEqual(['wmLi1', 'wmLi2', 'wmShared', 'wmZhou1']);
    expect(items.find((c) => c.externalUserId === 'wmShared')!.followers.map((f) => f.userId)).toEqual(['sales.li']);
    expect(await taskOwners('dept_lead')).toEqual(['lead.zhou', 'sales.li']);
    expect(await alertOwners('dept_lead')).toEqual(['lead.zhou', 'sales.li']);
  });

  it('should list a salesperson only their own customers, tasks and alerts', async () => {
    expect((await customerIds('salesperson')).map((c) => c.externalUserId)).toEqual(['wmLi1', 'wmLi2', 'wmShared']);
    expect(await taskOwners('salesperson')).toEqual(['sales.li']);
    expect(await alertOwners('salesperson')).toEqual(['sales.li']);
  });

  it('should break the dashboard down over the scope\'s relations only', async () => {
    type Breakdown = { rows: { key: string; added: number; served: number }[] };
    const breakdown = async (who: PrincipalName) =>
      (await json<Breakdown>(as(who)('GET', '/api/admin/dashboard/breakdown?by=salesperson&from=2025-11-27&to=2025-11-28'))).rows.map((r) => [r.key, r.added]).sort();
    expect(await breakdown('admin')).toEqual([['lead.zhou', 1], ['sales.li', 3], ['sales.wang', 2]]);
    expect(await breakdown('dept_lead')).toEqual([['lead.zhou', 1], ['sales.li', 3]]);
    expect(await breakdown('salesperson')).toEqual([['sales.li', 3]]);
  });

  it('should count the dashboard over the scope: its relations, and the orders, stages and replies of the customers they serve', async () => {
    const { db } = database;
    await db.customerOrder.createMany({
      data: [
        { orderId: 'scope-o1', externalUserId: 'wmLi1', amountFen: 10_000, orderedAt: NOW - 3600 },
        { orderId: 'scope-o2', externalUserId: 'wmWang1', amountFen: 30_000, orderedAt: NOW - 3600 },
      ],
    });
    await db.customerLifecycle.createMany({ data: [{ externalUserId: 'wmLi1', stage: 'new', since: NOW }, { externalUserId: 'wmWang1', stage: 'stable', since: NOW }] });
    await db.chatMessage.create({ data: { messageKey: 'scope:in1', source: 'archive', externalUserId: 'wmWang1', userId: 'sales.wang', direction: 'in', msgType: 'text', text: '在吗', sentAt: NOW - 600 } });
    type Dash = { totals: { added: number; served: number; orders: number; revenue: number; repliers: number }; stages: Record<string, number>; loads: { userId: string; customers: number }[] };
    const dashboard = (who: PrincipalName) => json<Dash>(as(who)('GET', '/api/admin/dashboard?from=2025-11-27&to=2025-11-28'));
    // The corp-wide figures go through the Redis snapshots, which every app on this Redis shares
    // (stages are not per range), so only the range's totals are checked for the admin.
    const admin = await dashboard('admin');
    expect(admin.totals).toMatchObject({ added: 6, served: 5, orders: 2, revenue: 400, repliers: 1 });
    const lead = await dashboard('dept_lead');
    expect(lead.totals).toMatchObject({ added: 4, served: 4, orders: 1, revenue: 100, repliers: 0 });
    expect(lead.stages).toMatchObject({ new: 1 });
    expect(lead.stages.stable ?? 0).toBe(0);
    expect(lead.loads.map((l) => [l.userId, l.customers])).toEqual([['sales.li', 3], ['lead.zhou', 1]]);
    const li = await dashboard('salesperson');
    expect(li.totals).toMatchObject({ added: 3, served: 3, orders: 1 });
    expect(li.loads.map((l) => l.userId)).toEqual(['sales.li']);
  });

  it('should answer 404 for one customer outside the scope on every per-customer view, and let those inside through', async () => {
    const refusedAsOutOfScope = async (who: PrincipalName, path: string) => {
      const response = await as(who)('GET', path);
      const body = (await response.json()) as { message?: string };
      return response.status === 404 && /not among yours/.test(body.message ?? '');
    };
    for (const view of ['', '/value', '/messages', '/tag-history']) {
      expect(await refusedAsOutOfScope('dept_lead', `/api/admin/customers/wmWang1${view}`), `lead wmWang1${view}`).toBe(true);
      expect(await refusedAsOutOfScope('salesperson', `/api/admin/customers/wmZhou1${view}`), `li wmZhou1${view}`).toBe(true);
      expect(await refusedAsOutOfScope('dept_lead', `/api/admin/customers/wmLi1${view}`), `lead wmLi1${view}`).toBe(false);
      expect(await refusedAsOutOfScope('admin', `/api/admin/customers/wmWang1${view}`), `admin wmWang1${view}`).toBe(false);
    }
    expect((await as('dept_lead')('GET', '/api/admin/customers/wmLi1')).status).toBe(200);
  });

  it('should follow assigned departments over WeCom\'s, and revoke at once', async () => {
    const roles = app.container.admin.access.roles;
    await roles.put({ userId: 'lead.zhou', role: 'dept_lead', departmentIds: [4], grantedBy: 'boss.super', grantedAt: NOW });
    expect((await customerIds('dept_lead')).map((c) => c.externalUserId)).toEqual(['wmShared', 'wmWang1', 'wmZhou1']);
    await roles.remove('lead.zhou');
    expect((await customerIds('dept_lead')).map((c) => c.externalUserId)).toEqual(['wmZhou1']);
    await roles.put({ userId: 'lead.zhou', role: 'dept_lead', departmentIds: null, grantedBy: 'admin-token', grantedAt: NOW });
  });
});
