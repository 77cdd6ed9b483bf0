/**
 * The admin API's bearer-token gate and /api/admin/welcome-flows through the real Koa
 * app and PrismaWelcomeFlowRepo on SQLite and PostgreSQL: refused requests write
 * nothing, bad input is named field by field, and there is never more than one default.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_ADMIN_TOKEN, startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const FLOWS = '/api/admin/welcome-flows';
const FIXTURE_MINIMAL_FLOW = { name: '展会欢迎语', text: '你好 {customer}，我是 {salesperson}', isDefault: false };
const FIXTURE_FULL_FLOW = {
  name: '夜间欢迎语',
  text: '你好',
  isDefault: false,
  enabled: false,
  channelState: 'expo2024-booth3',
  userIds: ['sales.li', 'sales.wang'],
  attachments: [
    { msgtype: 'image', image: { pic_url: 'https://example.com/a.png' } },
    { msgtype: 'link', link: { title: '手册', url: 'https://example.com/m', desc: '产品手册' } },
  ],
  variants: [{ from: '22:00', to: '07:00', text: '晚上好' }],
};

describe.each(PROVIDERS)('admin API welcome flows (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;

  const flowCount = () => database.db.welcomeFlow.count();
  const defaults = async () => (await database.db.welcomeFlow.findMany({ where: { isDefault: true } })).map((f) => f.id);
  const create = async (body: unknown): Promise<{ id: number }> => {
    const response = await app.request('POST', FLOWS, { body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number };
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startAdminApp(database, { token: FIXTURE_ADMIN_TOKEN });
  });

  beforeEach(async () => {
    await database.db.welcomeFlow.deleteMany();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describe('authentication', () => {
    it.each([
      ['missing', null],
      ['wrong', 'not-the-admin-token-0123456789abcd'],
      ['shorter', FIXTURE_ADMIN_TOKEN.slice(0, -1)],
    ])('should answer 401 unauthenticated and write nothing when the token is %s', async (_label, token) => {
      const response = await app.request('POST', FLOWS, { token, body: FIXTURE_MINIMAL_FLOW });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: 'unauthenticated' });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      expect(await flowCount()).toBe(0);
    });

    it('should answer 401 for unknown admin paths and other spellings of the prefix when no token is sent', async () => {
      for (const path of ['/api/admin/nothing-here', '/API/Admin/welcome-flows', '//api/admin/welcome-flows', '/api/admin']) {
        expect((await app.request('GET', path, { token: null })).status, path).toBe(401);
      }
      // Authenticated, the odd spellings reach no route: the routers are case-sensitive.
      expect((await app.request('GET', '/API/Admin/welcome-flows')).status).toBe(404);
    });

    it('should refuse every request with a message naming ADMIN_TOKEN when no token is configured', async () => {
      const unconfigured = await startAdminApp(database, { token: undefined });
      try {
        const response = await unconfigured.request('POST', FLOWS, { token: 'anything-at-all-0123456789', body: FIXTURE_MINIMAL_FLOW });
        expect(response.status).toBe(401);
        const body = (await response.json()) as { error: string; message: string };
        expect(body.error).toBe('unauthenticated');
        expect(body.message).toContain('ADMIN_TOKEN');
        expect(await flowCount()).toBe(0);
      } finally {
        await unconfigured.close();
      }
    });
  });

  describe('POST /api/admin/welcome-flows', () => {
    it('should answer 201 with the flow, its id and the defaults when the body is { name, text, isDefault }', async () => {
      const response = await app.request('POST', FLOWS, { body: FIXTURE_MINIMAL_FLOW });
      expect(response.status).toBe(201);
      const flow = (await response.json()) as { id: number };
      expect(flow).toEqual({ id: expect.any(Number), ...FIXTURE_MINIMAL_FLOW, enabled: true, channelState: null, userIds: [], attachments: [], variants: [] });
      expect(response.headers.get('location')).toBe(`${FLOWS}/${flow.id}`);
      expect(await flowCount()).toBe(1);
    });

    it('should store attachments, variants and userIds as JSON and read them back when the flow is full', async () => {
      const { id } = await create(FIXTURE_FULL_FLOW);
      const row = await database.db.welcomeFlow.findUniqueOrThrow({ where: { id } });
      expect(JSON.parse(row.attachments)).toEqual(FIXTURE_FULL_FLOW.attachments);
      const response = await app.request('GET', `${FLOWS}/${id}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id, ...FIXTURE_FULL_FLOW });
    });

    it('should answer 400 naming every bad field and write nothing when fields are invalid', async () => {
      const response = await app.request('POST', FLOWS, {
        body: { name: '', text: '欢'.repeat(1334), isDefault: 'yes', attachments: [{ msgtype: 'video' }], colour: 'red' },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { ok: boolean; error: string; message: string };
      expect(body).toMatchObject({ ok: false, error: 'invalid_input' });
      for (const field of ['name:', 'text:', 'isDefault:', 'attachments.0.msgtype:', 'colour: unknown field']) expect(body.message).toContain(field);
      expect(await flowCount()).toBe(0);
    });

    it.each([
      ['invalid JSON', '{"name": "x",', 'application/json', 400, 'invalid_json'],
      ['a form body', 'name=x&text=y', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      ['a body over 100 KB', JSON.stringify({ ...FIXTURE_MINIMAL_FLOW, pad: 'x'.repeat(101 * 1024) }), 'application/json', 413, 'payload_too_large'],
    ])('should refuse %s and write nothing', async (_label, body, contentType, status, code) => {
      const response = await app.request('POST', FLOWS, { body, headers: { 'content-type': contentType } });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ ok: false, error: code });
      expect(await flowCount()).toBe(0);
    });

    it('should keep only the newest default when two defaults are created', async () => {
      await create({ ...FIXTURE_MINIMAL_FLOW, isDefault: true });
      const second = await create({ ...FIXTURE_MINIMAL_FLOW, name: 'second', isDefault: true });
      expect(await defaults()).toEqual([second.id]);
    });

    it('should leave exactly one default when five defaults are created at the same time', async () => {
      const created = await Promise.all([1, 2, 3, 4, 5].map((n) => create({ ...FIXTURE_MINIMAL_FLOW, name: `flow ${n}`, isDefault: true })));
      expect(await flowCount()).toBe(5);
      const left = await defaults();
      expect(left).toHaveLength(1);
      expect(created.map((f) => f.id)).toContain(left[0]);
    });
  });

  describe('GET, PATCH, DELETE /api/admin/welcome-flows/:id', () => {
    it('should list every flow oldest first', async () => {
      const a = await create(FIXTURE_MINIMAL_FLOW);
      const b = await create({ ...FIXTURE_MINIMAL_FLOW, name: 'b' });
      const response = await app.request('GET', FLOWS);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { id: number }[] };
      expect(body.items.map((f) => f.id)).toEqual([a.id, b.id]);
    });

    it('should change only the patched fields, move the default and clear the channel when patched', async () => {
      const first = await create({ ...FIXTURE_MINIMAL_FLOW, isDefault: true });
      const second = await create(FIXTURE_FULL_FLOW);
      const response = await app.request('PATCH', `${FLOWS}/${second.id}`, { body: { isDefault: true, channelState: null, text: '新' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ...FIXTURE_FULL_FLOW, id: second.id, isDefault: true, channelState: null, text: '新' });
      expect(await defaults()).toEqual([second.id]);
      expect(first.id).not.toBe(second.id);
    });

    it('should answer 400 and change nothing when the patch is empty or has a bad field', async () => {
      const { id } = await create(FIXTURE_MINIMAL_FLOW);
      for (const body of [{}, { enabled: 'no' }, { id: 5 }]) {
        const response = await app.request('PATCH', `${FLOWS}/${id}`, { body });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: 'invalid_input' });
      }
      expect(await database.db.welcomeFlow.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: true });
    });

    it('should answer 204 on delete, then 404 for the same id', async () => {
      const { id } = await create(FIXTURE_MINIMAL_FLOW);
      const deleted = await app.request('DELETE', `${FLOWS}/${id}`);
      expect(deleted.status).toBe(204);
      expect(await deleted.text()).toBe('');
      for (const [method, body] of [['GET'], ['PATCH', { enabled: false }], ['DELETE']] as const) {
        const response = await app.request(method, `${FLOWS}/${id}`, { body });
        expect(response.status, method).toBe(404);
        expect(await response.json()).toMatchObject({ ok: false, error: 'not_found' });
      }
    });

    it.each(['0', '-3', 'abc', '1.5', '99999999999'])('should answer 400 naming id when the id is %s', async (id) => {
      const response = await app.request('GET', `${FLOWS}/${id}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/^id: /);
    });
  });
});
