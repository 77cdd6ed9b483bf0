/**
 * Every admin route × every principal, read from the routers the product mounts (so a
 * route someone adds without a policy fails here by name): the token and each role get
 * through or 403 `role_forbidden` exactly as src/http/access/route-policy.ts says,
 * anonymous calls get 401, and every write leaves exactly one audit row when it succeeds
 * and none when it does not. On SQLite; the scoped queries run on both databases in
 * scoped-queries.test.ts.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows } from '../../../src/domain/access/roles.ts';
import { ADMIN_ROUTE_POLICY, type RoutePolicy } from '../../../src/http/access/route-policy.ts';
import type { RouteKey } from '../../../src/http/access/route-table.ts';
import { adminRoutesOf } from '../../../src/http/app.ts';
import { closeServer } from '../../../src/http/server.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { FIXTURE_ADMIN_TOKEN, listenAdmin, NOW, requestAs, seedAccessWorld, type PrincipalName } from './access-world.ts';

const PRINCIPALS: PrincipalName[] = ['token', 'super_admin', 'admin', 'dept_lead', 'salesperson', 'anonymous'];
const ROLE_OF = { token: 'super_admin', super_admin: 'super_admin', admin: 'admin', dept_lead: 'dept_lead', salesperson: 'salesperson' } as const;
/** Codes only the gate gives: anything else means the request reached its route. */
const GATE_CODES = new Set(['unauthenticated', 'role_forbidden', 'no_route_policy', 'csrf']);
/** A path parameter's value: customers of the seeded corp, ids that exist nowhere else. */
const PARAM_VALUES: Record<string, string> = { externalUserId: 'wmLi1', userId: 'sales.wang', id: '999999', grantId: '999999' };

const concretePath = (pattern: string) => pattern.replace(/:(\w+)/g, (_m, name: string) => PARAM_VALUES[name] ?? 'x').replace(/\/\*$/, '/');
const isWrite = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

function expectedOutcome(policy: RoutePolicy, who: PrincipalName): 'through' | 'unauthenticated' | 'forbidden' {
  if (policy.access === 'public') return 'through';
  if (who === 'anonymous') return 'unauthenticated';
  return allows(policy.access, ROLE_OF[who]) ? 'through' : 'forbidden';
}

let database: TestDatabase;
let app: TestApp;
let server: Server;
let baseUrl: string;
let routes: RouteKey[];

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: fixedClock(new Date(NOW * 1000)), env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN } });
  await seedAccessWorld(app, database);
  const admin = await listenAdmin(app);
  server = admin.server;
  baseUrl = admin.baseUrl;
  routes = adminRoutesOf(admin.koa)!.routes();
});

afterAll(async () => {
  if (server) await closeServer(server);
  await app?.close();
  await database?.drop();
});

describe('the admin access policy', () => {
  it('should declare a policy for every route the admin routers mount', () => {
    expect(routes.length).toBeGreaterThan(80);
    const unlisted = routes.map((r) => `${r.method} ${r.pattern}`).filter((key) => !(key in ADMIN_ROUTE_POLICY));
    expect(unlisted, `routes with no entry in src/http/access/route-policy.ts (add one deciding who may use each): ${unlisted.join(', ')}`).toEqual([]);
  });

  it('should let each principal through, or refuse it, exactly as the policy says, and audit every successful write once', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.pattern}`;
      const policy = ADMIN_ROUTE_POLICY[key];
      if (!policy) continue;
      const method = route.method === '*' ? 'GET' : route.method;
      for (const who of PRINCIPALS) {
        const before = await database.db.auditLog.count();
        const response = await requestAs(baseUrl, who, NOW * 1000)(method, concretePath(route.pattern), isWrite(method) ? {} : undefined);
        const text = await response.text();
        const code = /"error":"([a-z_]+)"/.exec(text)?.[1];
        const expected = expectedOutcome(policy, who);
        const got = code === 'unauthenticated' ? 'unauthenticated' : code === 'role_forbidden' ? 'forbidden' : code && GATE_CODES.has(code) ? code : 'through';
        if (got !== expected) mismatches.push(`${key} as ${who}: expected ${expected}, got ${response.status} ${code ?? ''}`);
        const rows = (await database.db.auditLog.count()) - before;
        const wantRows = isWrite(method) && response.status < 400 && policy.access !== 'public' && policy.audit !== false ? 1 : 0;
        if (rows !== wantRows) mismatches.push(`${key} as ${who}: ${rows} audit rows for a ${response.status}, expected ${wantRows}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('should refuse a route that exists but has no policy (deny by default)', async () => {
    const { ADMIN_ROUTE_POLICY: policy } = await import('../../../src/http/access/route-policy.ts');
    const saved = policy['GET /api/admin/tags'];
    delete (policy as Record<string, RoutePolicy>)['GET /api/admin/tags'];
    try {
      const response = await requestAs(baseUrl, 'token', NOW * 1000)('GET', '/api/admin/tags');
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'no_route_policy' });
    } finally {
      (policy as Record<string, RoutePolicy>)['GET /api/admin/tags'] = saved!;
    }
  });
});
