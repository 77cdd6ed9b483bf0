/**
 * The console's WeCom sign-in over HTTP (the real app, a stand-in for WeCom's login):
 * oauth/start remembers a nonce in a Lax cookie scoped to /api/admin and redirects to
 * WeCom; the callback checks it, opens a member session, and GET /session says who and
 * what role; a forged state or a non-member is refused. In sandbox mode dev-login opens
 * a member session, but never the token's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberLogin } from '../../../src/domain/ports.ts';
import { FIXTURE_ADMIN_TOKEN, startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const FAKE_WECOM = 'https://open.weixin.qq.com/connect/oauth2/authorize';
/** Codes are `code-<userid>`; `code-visitor` is someone who is not a member. */
const login: MemberLogin = {
  authorizeUrl: (redirectUri, state) => `${FAKE_WECOM}?redirect_uri=${encodeURIComponent(redirectUri)}&state=${state}`,
  userIdForCode: async (code) => (code === 'code-visitor' ? null : code.replace(/^code-/, '')),
};

const cookiePair = (response: Response, name: string) => response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
/** A GET that does not follow redirects (WeCom is not reachable from a test). */
const get = (on: AdminTestApp, path: string, cookie?: string) => fetch(`${on.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

describe('console sign-in with WeCom', () => {
  let database: TestDatabase;
  let app: AdminTestApp;
  let sandbox: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN, access: { login } });
    sandbox = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN, access: { sandbox: true } });
    await database.db.roleAssignment.create({ data: { userId: 'lead.zhou', role: 'dept_lead', grantedBy: 'admin-token', grantedAt: 1 } });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    await database?.drop();
  });

  async function start(): Promise<{ state: string; loginCookie: string }> {
    const started = await get(app, '/api/admin/oauth/start?returnTo=/admin/%23/customers');
    expect(started.status).toBe(302);
    const target = new URL(started.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(FAKE_WECOM);
    expect(target.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/api/admin/oauth/callback`);
    const loginCookie = cookiePair(started, 'scrm_admin_login')!;
    expect(loginCookie).toMatch(/path=\/api\/admin/i);
    expect(loginCookie).toMatch(/samesite=lax/i);
    return { state: target.searchParams.get('state')!, loginCookie: loginCookie.split(';')[0]! };
  }

  it('should open a member session from WeCom\'s code and answer who is signed in, with the role from the database', async () => {
    const { state, loginCookie } = await start();
    const back = await get(app, `/api/admin/oauth/callback?code=code-lead.zhou&state=${state}`, loginCookie);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/admin/#/customers');
    const session = cookiePair(back, 'scrm_admin')!;
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=strict/i);
    const me = await get(app, '/api/admin/session', session.split(';')[0]!);
    expect(await me.json()).toEqual({ signedIn: true, actor: 'lead.zhou', userId: 'lead.zhou', name: null, role: 'dept_lead' });
  });

  it('should refuse a callback whose state is not the one started here, and a visitor who is not a member', async () => {
    const { state, loginCookie } = await start();
    const forged = await get(app, `/api/admin/oauth/callback?code=code-lead.zhou&state=not-${state}`, loginCookie);
    expect(forged.status).toBe(401);
    expect(cookiePair(forged, 'scrm_admin')).toBeUndefined();
    const visitor = await get(app, `/api/admin/oauth/callback?code=code-visitor&state=${state}`, loginCookie);
    expect(visitor.status).toBe(403);
  });

  it('should keep returnTo on the console, whatever is asked', async () => {
    const started = await get(app, '/api/admin/oauth/start?returnTo=https://evil.example/');
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const back = await get(app, `/api/admin/oauth/callback?code=code-sales.li&state=${state}`, cookiePair(started, 'scrm_admin_login')!.split(';')[0]!);
    expect(back.headers.get('location')).toBe('/admin/');
  });

  it('should open dev-login sessions in sandbox mode only, and never the token\'s', async () => {
    expect((await get(app, '/api/admin/dev-login?userId=lead.zhou')).status).toBe(404);
    const dev = await get(sandbox, '/api/admin/dev-login?userId=lead.zhou');
    expect(dev.status).toBe(302);
    const me = await get(sandbox, '/api/admin/session', cookiePair(dev, 'scrm_admin')!.split(';')[0]!);
    expect(await me.json()).toMatchObject({ actor: 'lead.zhou', role: 'dept_lead' });
    expect((await get(sandbox, '/api/admin/dev-login?userId=%23token')).status).toBe(403);
  });
});
