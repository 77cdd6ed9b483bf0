/**
 * Custom profile fields through the real app (container, Koa, SQL on SQLite and
 * PostgreSQL): admins define fields, a salesperson sets values from the sidebar (session
 * cookie and CSRF token as the page sends them), and the customer list and segment
 * previews filter on them. A bad value and a customer not served change nothing;
 * relabelling an option keeps the values, removing one customers hold is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { SESSION_COOKIE, SessionCodec } from '../../../src/http/sidebar-session.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1_800_000_000;
const ADMIN_TOKEN = 'custom-fields-test-admin-token-01';
const SESSION_SECRET = 'custom-fields-session-secret-0123456789';
/** li serves wmA, wmB and wmC; wang serves wmW. */
const RELATIONS: [string, string][] = [['li', 'wmA'], ['li', 'wmB'], ['li', 'wmC'], ['wang', 'wmW']];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(PROVIDERS)('custom fields (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  const fieldIds: Record<string, number> = {};

  const call = async (path: string, init: RequestInit & { json?: unknown } = {}, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...headers },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const admin = (method: string, path: string, json?: unknown) => call(`/api/admin${path}`, { method, json }, { authorization: `Bearer ${ADMIN_TOKEN}` });
  /** The sidebar as the page calls it: the session cookie, and the CSRF token on POSTs. */
  const sidebar = (userId: string) => {
    const codec = new SessionCodec(SESSION_SECRET);
    const session = { userId, issuedAt: NOW * 1000 };
    const headers = { cookie: `${SESSION_COOKIE}=${codec.encodeSession(session)}`, 'x-csrf-token': codec.csrfToken(session) };
    return {
      get: (externalUserId: string) => call(`/api/sidebar/customers/${externalUserId}/fields`, {}, headers),
      save: (externalUserId: string, values: Json, csrf = true) =>
        call(`/api/sidebar/customers/${externalUserId}/fields`, { method: 'POST', json: { values } }, csrf ? headers : { cookie: headers.cookie }),
    };
  };
  const listed = async (conditions: Json[]) => {
    const { status, body } = await admin('GET', `/customers?fields=${encodeURIComponent(JSON.stringify(conditions))}`);
    expect(status).toBe(200);
    return (body.items as Json[]).map((item) => item.externalUserId);
  };
  const segmentCount = async (customFields: Json[]) => {
    const { status, body } = await admin('POST', '/segments/preview', { definition: { customFields } });
    expect(status, JSON.stringify(body)).toBe(200);
    return [body.count, (body.members as Json[]).map((m) => m.externalUserId)];
  };
  const valuesOf = (body: Json) => Object.fromEntries((body.fields as Json[]).map((f) => [f.key, f.value]));

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { ADMIN_TOKEN, SIDEBAR_SESSION_SECRET: SESSION_SECRET },
    });
    const contacts = new SqlContactRepo(database.connection.sql);
    for (const [userId, externalUserId] of RELATIONS) {
      await contacts.saveSnapshot({ customer: { externalUserId, name: externalUserId, type: 1, gender: 0 }, followers: [{ userId, addedAt: NOW - 86_400, tagIds: [] }] }, new Date(NOW * 1000));
    }
    const define = async (field: Json) => {
      const { status, body } = await admin('POST', '/custom-fields', field);
      expect(status, JSON.stringify(body)).toBe(201);
      fieldIds[field.key] = body.id;
    };
    await define({ key: 'industry', label: '行业', type: 'single', options: [{ label: '零售' }, { label: '制造' }] });
    await define({ key: 'interests', label: '兴趣', type: 'multi', options: [{ label: '燕窝' }, { label: '花胶' }, { label: '阿胶' }] });
    await define({ key: 'budget', label: '预算', type: 'number' });
    await define({ key: 'since', label: '首次接触', type: 'date' });
    await define({ key: 'note', label: '备注', type: 'text' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should list the fields with option keys given in order and refuse bad or taken definitions by field', async () => {
    const { body } = await admin('GET', '/custom-fields');
    expect((body.items as Json[]).map((f) => f.key)).toEqual(['industry', 'interests', 'budget', 'since', 'note']);
    expect(body.items[0].options).toEqual([{ key: 'o1', label: '零售' }, { key: 'o2', label: '制造' }]);
    const bad = await admin('POST', '/custom-fields', { key: 'Bad Key', label: '', type: 'single', options: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('label: Too small');
    const noOptions = await admin('POST', '/custom-fields', { key: 'tier', label: '等级', type: 'single' });
    expect([noOptions.status, noOptions.body.message]).toEqual([400, 'options: give 1 to 50 options']);
    const taken = await admin('POST', '/custom-fields', { key: 'budget', label: '预算2', type: 'number' });
    expect([taken.status, taken.body.error]).toEqual([409, 'custom_field_exists']);
    expect((await admin('PATCH', `/custom-fields/${fieldIds.budget}`, { type: 'text' })).status).toBe(400);
  });

  it('should save values from the sidebar, normalised per type, and show them on reload', async () => {
    const li = sidebar('li');
    const saved = await li.save('wmA', { industry: 'o1', interests: ['o3', 'o1'], budget: '5000', since: '2024-03-01', note: '  VIP 老客户 ' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(valuesOf(saved.body)).toEqual({ industry: 'o1', interests: ['o1', 'o3'], budget: 5000, since: '2024-03-01', note: 'VIP 老客户' });
    expect((await li.save('wmB', { industry: 'o2', interests: ['o2'], budget: 100, since: '2023-12-31' })).status).toBe(200);
    expect((await li.save('wmC', { budget: 999.5, note: 'vipish' })).status).toBe(200);
    // Audited like every sidebar write: who, which customer, the values before and after.
    const audit = await database.connection.sql.query<{ actor: string; target: string; detail: string }>(
      `SELECT "actor", "target", "detail" FROM "AuditLog" WHERE "action" = ? ORDER BY "id"`,
      ['POST /api/sidebar/customers/:id/fields'],
    );
    expect(audit.map((row) => [row.actor, row.target])).toEqual([['li', 'wmA'], ['li', 'wmB'], ['li', 'wmC']]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ before: { industry: null, budget: null }, after: { industry: 'o1', budget: 5000 } });
    const reloaded = await li.get('wmA');
    expect(valuesOf(reloaded.body)).toEqual({ industry: 'o1', interests: ['o1', 'o3'], budget: 5000, since: '2024-03-01', note: 'VIP 老客户' });
    expect(reloaded.body.fields[0]).toMatchObject({ key: 'industry', label: '行业', type: 'single', required: false });
  });

  it('should end concurrent saves of one field as one of their values, every save answered 200', async () => {
    const li = sidebar('li');
    const saves = await Promise.all(['o1', 'o2', 'o3'].map((option, i) => li.save('wmC', { interests: [option], budget: i })));
    expect(saves.map((save) => save.status)).toEqual([200, 200, 200]);
    const { interests, budget } = valuesOf((await li.get('wmC')).body);
    expect([[['o1'], 0], [['o2'], 1], [['o3'], 2]]).toContainEqual([interests, budget]);
    expect((await li.save('wmC', { interests: null, budget: 999.5 })).status).toBe(200);
  });

  it('should answer 400 naming every bad value and store none of the request', async () => {
    const li = sidebar('li');
    const bad = await li.save('wmA', { industry: 'o2', budget: '5k', since: '2024-02-30', nope: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('values.budget: must be a number, e.g. 12 or -3.5; values.since: must be a date as YYYY-MM-DD; values.nope: no such field');
    expect(valuesOf((await li.get('wmA')).body)).toMatchObject({ industry: 'o1', budget: 5000, since: '2024-03-01' });
  });

  it('should answer 403 to a salesperson not serving the customer, and to a write without the CSRF token', async () => {
    const li = sidebar('li');
    expect((await li.save('wmW', { budget: 1 })).status).toBe(403);
    expect((await li.get('wmW')).status).toBe(403);
    expect((await li.save('wmA', { budget: 1 }, false)).status).toBe(403);
    expect(valuesOf((await sidebar('wang').get('wmW')).body).budget).toBeNull();
    expect(valuesOf((await li.get('wmA')).body).budget).toBe(5000);
  });

  it('should filter the customer list by each kind of condition', async () => {
    expect(await listed([{ field: 'industry', op: 'anyOf', options: ['o1'] }])).toEqual(['wmA']);
    expect(await listed([{ field: 'interests', op: 'anyOf', options: ['o2', 'o3'] }])).toEqual(['wmA', 'wmB']);
    expect(await listed([{ field: 'budget', op: 'numberRange', min: 100, max: 999.5 }])).toEqual(['wmB', 'wmC']);
    expect(await listed([{ field: 'since', op: 'dateRange', from: '2024-01-01' }])).toEqual(['wmA']);
    expect(await listed([{ field: 'note', op: 'contains', text: 'vip' }])).toEqual(['wmA', 'wmC']);
    expect(await listed([{ field: 'note', op: 'equals', text: 'vipish' }])).toEqual(['wmC']);
    expect(await listed([{ field: 'note', op: 'contains', text: 'vip' }, { field: 'budget', op: 'numberRange', max: 1000 }])).toEqual(['wmC']);
    // Combined with a relation filter (the list's other query shape).
    const withUser = await admin('GET', `/customers?userId=li&fields=${encodeURIComponent(JSON.stringify([{ field: 'budget', op: 'numberRange', min: 1 }]))}`);
    expect((withUser.body.items as Json[]).map((i) => i.externalUserId)).toEqual(['wmA', 'wmB', 'wmC']);
    const wrongOp = await admin('GET', `/customers?fields=${encodeURIComponent(JSON.stringify([{ field: 'budget', op: 'contains', text: '1' }]))}`);
    expect([wrongOp.status, wrongOp.body.message]).toEqual([400, 'fields.0: contains does not apply to a number field (use numberRange)']);
    expect((await admin('GET', '/customers?fields=not-json')).status).toBe(400);
  });

  it('should count and list segment members by custom fields, and refuse conditions that fit no field', async () => {
    expect(await segmentCount([{ field: 'budget', op: 'numberRange', max: 1000 }])).toEqual([2, ['wmB', 'wmC']]);
    expect(await segmentCount([{ field: 'interests', op: 'anyOf', options: ['o1'] }, { field: 'industry', op: 'anyOf', options: ['o1', 'o2'] }])).toEqual([1, ['wmA']]);
    const saved = await admin('POST', '/segments', { name: '高预算', definition: { customFields: [{ field: 'budget', op: 'numberRange', min: 1000 }] } });
    expect(saved.status).toBe(201);
    expect((await admin('GET', `/segments/${saved.body.id}/preview`)).body.count).toBe(1);
    const bad = await admin('POST', '/segments', { name: 'x', definition: { customFields: [{ field: 'industry', op: 'anyOf', options: ['零售'] }] } });
    expect([bad.status, bad.body.message]).toEqual([400, 'definition.customFields.0: options: unknown options 零售']);
  });

  it('should keep values when an option is relabelled and refuse removing an option customers hold', async () => {
    const relabelled = await admin('PATCH', `/custom-fields/${fieldIds.industry}`, { options: [{ key: 'o1', label: '零售业' }, { key: 'o2', label: '制造' }, { label: '教育' }] });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.options).toEqual([{ key: 'o1', label: '零售业' }, { key: 'o2', label: '制造' }, { key: 'o3', label: '教育' }]);
    expect(valuesOf((await sidebar('li').get('wmA')).body).industry).toBe('o1');
    expect(await listed([{ field: 'industry', op: 'anyOf', options: ['o1'] }])).toEqual(['wmA']);
    const removing = await admin('PATCH', `/custom-fields/${fieldIds.industry}`, { options: [{ key: 'o2', label: '制造' }] });
    expect([removing.status, removing.body.message]).toEqual([400, 'options: cannot remove options customers hold: 零售业 (1 customers)']);
    // o3 is held by nobody: it may go.
    expect((await admin('PATCH', `/custom-fields/${fieldIds.industry}`, { options: [{ key: 'o1', label: '零售业' }, { key: 'o2', label: '制造' }] })).status).toBe(200);
    // The relabel's audit row holds the options before and after.
    const [relabel] = await database.connection.sql.query<{ detail: string }>(`SELECT "detail" FROM "AuditLog" WHERE "action" = ? AND "target" = ? ORDER BY "id" LIMIT 1`, [
      'PATCH /api/admin/custom-fields/:id',
      String(fieldIds.industry),
    ]);
    expect(JSON.parse(relabel!.detail)).toMatchObject({ before: { options: [{ key: 'o1', label: '零售' }, { key: 'o2', label: '制造' }] }, after: { options: [{ key: 'o1', label: '零售业' }, { key: 'o2', label: '制造' }, { key: 'o3', label: '教育' }] } });
  });

  it('should hide an archived field from the sidebar but keep its values for filters, and delete only archived fields', async () => {
    expect((await admin('DELETE', `/custom-fields/${fieldIds.note}`)).status).toBe(409);
    expect((await admin('PATCH', `/custom-fields/${fieldIds.note}`, { archived: true })).status).toBe(200);
    const li = sidebar('li');
    expect((await li.get('wmA')).body.fields.map((f: Json) => f.key)).not.toContain('note');
    expect((await li.save('wmA', { note: 'x' })).body.message).toBe('values.note: no such field');
    expect(await listed([{ field: 'note', op: 'contains', text: 'vip' }])).toEqual(['wmA', 'wmC']);
    expect((await admin('DELETE', `/custom-fields/${fieldIds.note}`)).status).toBe(204);
    const [left] = await database.connection.sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "CustomerFieldValue" WHERE "fieldId" = ?`, [fieldIds.note]);
    expect(Number(left?.n)).toBe(0);
  });

  it('should refuse clearing a required field and clear an optional one', async () => {
    expect((await admin('PATCH', `/custom-fields/${fieldIds.budget}`, { required: true })).status).toBe(200);
    const li = sidebar('li');
    expect((await li.save('wmA', { budget: '' })).body.message).toBe('values.budget: is required and cannot be cleared');
    const cleared = await li.save('wmA', { interests: [], since: null });
    expect(valuesOf(cleared.body)).toMatchObject({ interests: null, since: null, budget: 5000 });
  });
});
