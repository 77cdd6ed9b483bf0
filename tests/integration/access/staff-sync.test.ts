/**
 * The staff directory sync end to end: the app's real WeCom client and adapter read
 * department/list and user/list from the simulator's demo corp (departments, members,
 * a lead), `POST /api/admin/staff/sync` stores them, and the lead — given the dept_lead
 * role with no departments of their own — covers the department WeCom says they lead and
 * its sub-department. A member who resigns is gone after the next sync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEPARTMENTS, DEMO_MEMBERS } from '../../../src/sandbox/demo-content.ts';
import { startWecomApiSimulator, type WecomApiSimulator } from '../../../src/sandbox/wecom-api-simulator.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID } from '../../fixtures/wecom/events.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';
import { FIXTURE_ADMIN_TOKEN, NOW } from './access-world.ts';

let simulator: WecomApiSimulator;
let database: TestDatabase;
let app: TestApp;
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${app.baseUrl}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${FIXTURE_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  simulator = await startWecomApiSimulator({ corpId: FIXTURE_CORP_ID, secrets: ['contact', 'agent'] });
  for (const department of DEMO_DEPARTMENTS) simulator.world.departments.set(department.id, { ...department });
  for (const member of DEMO_MEMBERS) simulator.world.addMember(member);
  database = await createTestDatabase('sqlite');
  app = await startTestApp({
    databaseUrl: database.url,
    roles: ['web'],
    clock: fixedClock(new Date(NOW * 1000)),
    env: { WECOM_API_BASE: simulator.url, WECOM_AGENT_SECRET: 'agent', WECOM_AGENT_ID: '1000002', ADMIN_TOKEN: FIXTURE_ADMIN_TOKEN },
  });
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
  await simulator?.close();
});

describe('POST /api/admin/staff/sync', () => {
  it('should store the simulated corp\'s departments and members, with who leads what', async () => {
    const synced = await admin('POST', '/staff/sync');
    expect(synced.status).toBe(200);
    expect(await synced.json()).toEqual({ departments: 4, staff: 4, leads: 1 });
    const directory = app.container.admin.access.directory;
    expect((await directory.departments()).map((d) => [d.id, d.parentId])).toEqual([[1, 0], [2, 1], [3, 2], [4, 1]]);
    expect(await directory.member('lead.zhou')).toEqual({ userId: 'lead.zhou', name: '周婷', departmentIds: [2], leadsDepartmentIds: [2] });
    expect(await directory.member('sales.li')).toMatchObject({ departmentIds: [3], leadsDepartmentIds: [] });
  });

  it('should give a dept lead without assigned departments the ones WeCom says they lead, sub-departments included', async () => {
    expect((await admin('PUT', '/roles/lead.zhou', { role: 'dept_lead' })).status).toBe(200);
    const { staff } = (await (await admin('GET', '/roles')).json()) as { staff: { userId: string; role: string; scopeDepartmentIds: number[] }[] };
    expect(staff.find((s) => s.userId === 'lead.zhou')).toMatchObject({ role: 'dept_lead', scopeDepartmentIds: [2, 3] });
    expect(staff.find((s) => s.userId === 'sales.wang')).toMatchObject({ role: 'salesperson', scopeDepartmentIds: [] });
  });

  it('should drop a member who resigned at the next sync, keeping their role row visible as out of the directory', async () => {
    simulator.world.resignMember('lead.zhou');
    expect(await (await admin('POST', '/staff/sync')).json()).toEqual({ departments: 4, staff: 3, leads: 0 });
    const { staff } = (await (await admin('GET', '/roles')).json()) as { staff: { userId: string; inDirectory: boolean }[] };
    expect(staff.find((s) => s.userId === 'lead.zhou')).toMatchObject({ inDirectory: false });
  });
});
