/**
 * The queue dashboard (bull-board) behind the admin gate: refused without the admin token
 * or console session, served with either, listing the product's queues, its page free of
 * remote fonts (closed networks), and read-only with the console's cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/shared/clock.ts';
import { FIXTURE_ADMIN_TOKEN } from '../../helpers/admin-app.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

describe('queue dashboard', () => {
  let database: TestDatabase;
  let app: TestApp;
  const bearer = { authorization: `Bearer ${FIXTURE_ADMIN_TOKEN}` };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({ databaseUrl: database.url, roles: ['web'], clock: systemClock, env: { ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN } });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should refuse anyone without the admin token or session', async () => {
    expect((await fetch(`${app.baseUrl}/api/admin/queues`)).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/api/admin/queues/api/queues`)).status).toBe(401);
  });

  it("should serve the page and the product's queues to an admin, with no remote fonts", async () => {
    const page = await fetch(`${app.baseUrl}/api/admin/queues`, { headers: bearer });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toContain('fonts.googleapis.com');
    const script = /src="(static\/js\/main\.[^"]+)"/.exec(html)![1]!;
    expect((await fetch(`${app.baseUrl}/api/admin/queues/${script}`, { headers: bearer })).status).toBe(200);
    const api = (await (await fetch(`${app.baseUrl}/api/admin/queues/api/queues`, { headers: bearer })).json()) as { queues: { name: string }[] };
    expect(api.queues.map((q) => q.name).sort()).toEqual(['bot-outbox', 'chat-classify', 'wecom-events', 'wecom-welcome']);
  });

  it('should be read-only with the console session: actions need the CSRF header', async () => {
    const signIn = await fetch(`${app.baseUrl}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: FIXTURE_ADMIN_TOKEN }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${app.baseUrl}/api/admin/queues`, { headers: { cookie } })).status).toBe(200);
    const clean = await fetch(`${app.baseUrl}/api/admin/queues/api/queues/wecom-events/clean/failed`, { method: 'PUT', headers: { cookie } });
    expect(clean.status).toBe(403);
  });
});
