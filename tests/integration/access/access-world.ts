/**
 * A small corp for the access tests, on the real app (container, Koa, SQL): departments
 * 总部 (1) › 华东销售部 (2) › 上海组 (3) and 总部 › 华南销售部 (4); lead.zhou leads 华东
 * (WeCom says so, no departments assigned); sales.li is in 上海组, sales.wang in 华南;
 * boss.admin is an admin, boss.super a super admin. Customers: wmLi1 and wmLi2 (li),
 * wmWang1 (wang), wmZhou1 (the lead's own), wmShared (li and wang). One open task and one
 * quality alert per salesperson. Requests go out as any principal: the ADMIN_TOKEN
 * bearer, a console session of a member (cookie + X-Requested-With), or no one.
 */
import { createHttpApp } from '../../../src/http/app.ts';
import { ADMIN_SESSION_COOKIE, adminSessionCodec } from '../../../src/http/admin-session.ts';
import { listen } from '../../../src/http/server.ts';
import { createMetrics } from '../../../src/shared/metrics.ts';
import type { TestApp } from '../../helpers/test-app.ts';
import type { TestDatabase } from '../../helpers/test-db.ts';

export const FIXTURE_ADMIN_TOKEN = 'access-test-admin-token-0000001';
export const NOW = 1_764_300_000;

export type PrincipalName = 'token' | 'super_admin' | 'admin' | 'dept_lead' | 'salesperson' | 'anonymous';
/** Each console principal's WeCom userid. */
export const MEMBER_OF: Record<Exclude<PrincipalName, 'token' | 'anonymous'>, string> = {
  super_admin: 'boss.super',
  admin: 'boss.admin',
  dept_lead: 'lead.zhou',
  salesperson: 'sales.li',
};

export const RELATIONS: [userId: string, externalUserId: string][] = [
  ['sales.li', 'wmLi1'],
  ['sales.li', 'wmLi2'],
  ['sales.wang', 'wmWang1'],
  ['lead.zhou', 'wmZhou1'],
  ['sales.li', 'wmShared'],
  ['sales.wang', 'wmShared'],
];

export async function seedAccessWorld(app: TestApp, database: TestDatabase): Promise<void> {
  const access = app.container.admin.access;
  await access.directory.replace(
    {
      departments: [
        { id: 1, name: '总部', parentId: 0 },
        { id: 2, name: '华东销售部', parentId: 1 },
        { id: 3, name: '上海组', parentId: 2 },
        { id: 4, name: '华南销售部', parentId: 1 },
      ],
      staff: [
        { userId: 'boss.super', name: '总经理', departmentIds: [1], leadsDepartmentIds: [1] },
        { userId: 'boss.admin', name: '运营', departmentIds: [1], leadsDepartmentIds: [] },
        { userId: 'lead.zhou', name: '周主管', departmentIds: [2], leadsDepartmentIds: [2] },
        { userId: 'sales.li', name: '李销售', departmentIds: [3], leadsDepartmentIds: [] },
        { userId: 'sales.wang', name: '王销售', departmentIds: [4], leadsDepartmentIds: [] },
      ],
    },
    NOW,
  );
  for (const [userId, role] of [['boss.super', 'super_admin'], ['boss.admin', 'admin'], ['lead.zhou', 'dept_lead']] as const) {
    await access.roles.put({ userId, role, departmentIds: null, grantedBy: 'admin-token', grantedAt: NOW });
  }
  const { sql } = database.connection;
  const stamp = sql.toDbTime(new Date());
  for (const [userId, externalUserId] of RELATIONS) {
    await sql.execute(
      `INSERT INTO "FollowRelation" ("userId", "externalUserId", "status", "statusChangedAt", "addedAt", "tagIds", "updatedAt") VALUES (?, ?, 'active', ?, ?, '[]', ?)`,
      [userId, externalUserId, NOW - 86_400, NOW - 86_400, stamp],
    );
  }
  for (const [i, [userId, externalUserId]] of RELATIONS.entries()) {
    await sql.execute(
      `INSERT INTO "SalesTask" ("userId", "externalUserId", "scene", "title", "priority", "status", "openKey", "dueAt", "createdAt") VALUES (?, ?, 'follow_up', '跟进', 'normal', 'open', ?, ?, ?)`,
      [userId, externalUserId, `${userId}|${externalUserId}|follow_up`, NOW + i, NOW],
    );
    await sql.execute(
      `INSERT INTO "QualityAlert" ("dedupeKey", "kind", "userId", "externalUserId", "detail", "occurredAt", "raisedAt") VALUES (?, 'timeout', ?, ?, '{}', ?, ?)`,
      [`timeout:${userId}:${externalUserId}:${i}`, userId, externalUserId, NOW - i, NOW],
    );
  }
}

/** The app's admin API on its own listener, built from the container's deps (the routes the product mounts). */
export async function listenAdmin(app: TestApp, options: { trustProxy?: boolean } = {}) {
  const { container } = app;
  const koa = createHttpApp({
    app: { ...container.appDeps, welcomeQueue: container.welcomeQueue },
    crypto: container.crypto,
    admin: container.admin,
    sidebar: container.sidebar,
    metrics: createMetrics(false),
    readiness: {},
    ...options,
  });
  const server = await listen(koa, 0, '127.0.0.1');
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { koa, server, baseUrl };
}

/** Sends a request as `who`; the body, when given, as JSON. */
export function requestAs(baseUrl: string, who: PrincipalName, clockNowMs: number) {
  return (method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> => {
    const headers: Record<string, string> = { 'user-agent': 'access-test/1.0', ...extraHeaders };
    if (who === 'token') headers.authorization = `Bearer ${FIXTURE_ADMIN_TOKEN}`;
    else if (who !== 'anonymous') {
      const cookie = adminSessionCodec(FIXTURE_ADMIN_TOKEN).encodeSession({ userId: MEMBER_OF[who], issuedAt: clockNowMs - 60_000 });
      headers.cookie = `${ADMIN_SESSION_COOKIE}=${cookie}`;
      headers['x-requested-with'] = 'fetch';
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  };
}
