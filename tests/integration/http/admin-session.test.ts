/**
 * The admin console's sign-in through the real Koa app: the token pasted once becomes an
 * HttpOnly, SameSite=Strict cookie scoped to /api/admin; the API then takes the cookie
 * (writes only with X-Requested-With) as well as the bearer token; sign-out clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ADMIN_TOKEN, startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const SESSION = '/api/admin/session';
const FLOWS = '/api/admin/welcome-flows';

/** `name=value` of the Set-Cookie the response carried, and its attributes. */
function setCookie(response: Response): { pair: string; attributes: string } {
  const [header] = response.headers.getSetCookie();
  expect(header, 'a Set-Cookie header').toBeDefined();
  const [pair, ...attributes] = header!.split(';').map((part) => part.trim());
  return { pair: pair!, attributes: attributes.join('; ') };
}

describe('admin console session', () => {
  let database: TestDatabase;
  let app: AdminTestApp;
  let cookie: string;

  const asConsole = (method: string, path: string, options: { body?: unknown; csrf?: boolean; cookie?: string } = {}) =>
    app.request(method, path, {
      token: null,
      body: options.body,
      headers: { cookie: options.cookie ?? cookie, ...(options.csrf === false ? {} : { 'x-requested-with': 'fetch' }) },
    });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should answer 401 and set no cookie when the token is wrong', async () => {
    const response = await app.request('POST', SESSION, { token: null, body: { token: 'not-the-admin-token-at-all' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: 'unauthenticated', message: 'the admin token is wrong' });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('should answer 400 naming the field when the body has no token', async () => {
    const response = await app.request('POST', SESSION, { token: null, body: {} });
    expect(response.status).toBe(400);
    expect((await response.json()) as { message: string }).toMatchObject({ message: expect.stringMatching(/^token: /) });
  });

  it('should set an HttpOnly, SameSite=Strict cookie scoped to the admin API when the token is right', async () => {
    const response = await app.request('POST', SESSION, { token: null, body: { token: FIXTURE_ADMIN_TOKEN } });
    expect(response.status).toBe(204);
    const { pair, attributes } = setCookie(response);
    expect(pair).toMatch(/^scrm_admin=.+/);
    expect(pair).not.toContain(FIXTURE_ADMIN_TOKEN);
    expect(attributes).toMatch(/path=\/api\/admin/);
    expect(attributes).toMatch(/samesite=strict/);
    expect(attributes).toMatch(/httponly/);
    cookie = pair;
  });

  it('should answer reads with the cookie alone', async () => {
    expect((await asConsole('GET', SESSION, { csrf: false })).status).toBe(200);
    const response = await asConsole('GET', '/api/admin/customers', { csrf: false });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], nextCursor: null });
  });

  it('should refuse a write on the cookie without X-Requested-With and store nothing', async () => {
    const response = await asConsole('POST', FLOWS, { body: { name: '默认欢迎语', text: '你好' }, csrf: false });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, error: 'csrf' });
    expect(await database.db.welcomeFlow.count()).toBe(0);
  });

  it('should take a write on the cookie with X-Requested-With', async () => {
    const response = await asConsole('POST', FLOWS, { body: { name: '默认欢迎语', text: '你好 {customer}' } });
    expect(response.status).toBe(201);
    expect(await database.db.welcomeFlow.count()).toBe(1);
  });

  it('should still take the bearer token without a cookie or X-Requested-With (automation)', async () => {
    expect((await app.request('POST', FLOWS, { body: { name: '第二条', text: '你好' } })).status).toBe(201);
  });

  it('should answer 401 for a tampered cookie', async () => {
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await asConsole('GET', '/api/admin/customers', { cookie: tampered })).status).toBe(401);
  });

  it('should clear the cookie on sign-out', async () => {
    const response = await asConsole('DELETE', SESSION);
    expect(response.status).toBe(204);
    const { pair, attributes } = setCookie(response);
    expect(pair).toBe('scrm_admin=');
    expect(attributes).toMatch(/expires=Thu, 01 Jan 1970/);
    expect(attributes).toMatch(/path=\/api\/admin/);
  });

  it('should answer 401 to GET /session without a session', async () => {
    expect((await app.request('GET', SESSION, { token: null })).status).toBe(401);
  });
});

describe('admin console session without ADMIN_TOKEN', () => {
  it('should refuse every sign-in', async () => {
    const database = await createTestDatabase('sqlite');
    const app = await startAdminApp(database, { token: undefined });
    try {
      const response = await app.request('POST', SESSION, { token: null, body: { token: 'anything-at-all-0123' } });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ message: expect.stringContaining('set ADMIN_TOKEN') });
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
