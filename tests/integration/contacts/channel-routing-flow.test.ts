/**
 * Channel routing through the real app (admin API, callback route, Redis, the event
 * worker; SQLite and PostgreSQL; WeCom nocked so every payload is checked): li has no
 * slots (always on duty), wang works Friday 22:00–02:00, the backup is bak, and each may
 * add one customer a day through the code. An add through the code reaches li's
 * cap → one update_contact_way to the backup and one remark rendered from the templates;
 * the same event handled again sends neither; the code follows the schedule over Friday
 * night and Saturday with a call only when its members change; the daily stats count
 * adds and both kinds of delete per Shanghai day.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContactChangedEvent } from '../../../src/domain/events.ts';
import { zonedInstant } from '../../../src/domain/local-time.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { nockWecomTokens, startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const API = 'http://wecom-channel-routing.test';
const ADMIN_TOKEN = 'channel-routing-admin-token-0001';
const CUSTOMER = 'wmRouting000000000000000000000001';
/** Unix seconds of a Shanghai wall time; 2024-06-07 is a Friday. */
const at = (date: string, hhmm: string) => zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai');
const NOW = at('2024-06-07', '10:00');

interface ChannelJson {
  id: number;
  state: string;
  configId: string;
  activeUserIds: string[];
  routing: { mode: string; warnings: string[]; nextChangeAt: number } | null;
}

describe.each(PROVIDERS)('channel routing, remarks and stats (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  let channel: ChannelJson;
  const clock = fixedClock(new Date(NOW * 1000));
  const setClock = (date: string, hhmm: string) => clock.advance(at(date, hhmm) * 1000 - clock.now().getTime());
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const updates: unknown[] = [];
  const remarks: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({ databaseUrl: database.url, roles: ['web', 'worker'], clock, env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN } });
    await nockWecomTokens(app, API);
    nock(API).persist().post('/cgi-bin/externalcontact/update_contact_way', (body) => Boolean(updates.push(body))).query({ access_token: 'TOKEN' }).reply(200, { errcode: 0, errmsg: 'ok' });
    nock(API).persist().post('/cgi-bin/externalcontact/remark', (body) => Boolean(remarks.push(body))).query({ access_token: 'TOKEN' }).reply(200, { errcode: 0, errmsg: 'ok' });
  });

  afterEach(() => {
    expect(nock.pendingMocks().filter((m) => !/gettoken|update_contact_way|remark/.test(m))).toEqual([]);
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should refuse bad routing fields naming each one, without calling WeCom', async () => {
    const response = await admin('POST', '/channels', {
      name: '直播间',
      userIds: ['sales.li'],
      schedule: [{ userId: 'sales.li', weekdays: [8], from: '25:00', to: '02:00' }],
      dailyAddCap: 0,
      dailyAddCaps: { 'sales.li': 0 },
      autoAccept: 'yes',
      remarkTemplate: '{nickname}',
    });
    expect(response.status).toBe(400);
    const message = String(response.body.message);
    for (const field of ['schedule.0.weekdays.0', 'schedule.0.from', 'dailyAddCap', 'dailyAddCaps.sales.li', 'autoAccept']) expect(message).toContain(`${field}: `);
    const unknownVariable = await admin('POST', '/channels', { name: '直播间', userIds: ['sales.li'], remarkTemplate: '{nickname}' });
    expect(unknownVariable).toMatchObject({ status: 400, body: { message: expect.stringContaining('remarkTemplate: unknown variables {nickname}') } });
    expect(await database.db.channel.count()).toBe(0);
  });

  it('should create the code with only the salespeople on duty and skip_verify from auto-accept', async () => {
    const created: unknown[] = [];
    nock(API)
      .post('/cgi-bin/externalcontact/add_contact_way', (body) => Boolean(created.push(body)))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', config_id: 'cfg-live', qr_code: 'https://wework.qpic.cn/wwpic/live.png' });
    const response = await admin('POST', '/channels', {
      name: '直播间',
      userIds: ['sales.li', 'sales.wang'],
      schedule: [{ userId: 'sales.wang', weekdays: [5], from: '22:00', to: '02:00' }],
      backupUserIds: ['sales.bak'],
      dailyAddCap: 1,
      dailyAddCaps: { 'sales.bak': 1 },
      autoAccept: false,
      remarkTemplate: '{channel}-{customer}',
      descriptionTemplate: '{date} 由 {salesperson} 添加',
    });
    expect(response.status).toBe(201);
    channel = response.body as unknown as ChannelJson;
    expect(created).toEqual([{ type: 2, scene: 2, state: channel.state, user: ['sales.li'], skip_verify: false, remark: '直播间' }]);
    expect(channel).toMatchObject({ activeUserIds: ['sales.li'], dailyAddCaps: { 'sales.bak': 1 }, routing: { mode: 'on_duty', warnings: [], nextChangeAt: at('2024-06-07', '22:00') } });
  });

  it('should move the code to the backup when an add reaches the cap, and remark the customer once even when the event is handled again', async () => {
    nock(API).persist().get('/cgi-bin/externalcontact/get').query(true).reply(200, {
      errcode: 0,
      errmsg: 'ok',
      external_contact: { external_userid: CUSTOMER, name: '王先生', type: 1, gender: 1 },
      follow_user: [{ userid: 'sales.li', createtime: NOW, state: channel.state, tags: [] }],
    });
    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>` +
      `<UserID><![CDATA[sales.li]]></UserID><ExternalUserID><![CDATA[${CUSTOMER}]]></ExternalUserID><State><![CDATA[${channel.state}]]></State></xml>`;
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce: 'r1' });
    expect((await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(200);
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 1, 15_000, 'the add event');

    expect(updates).toEqual([{ config_id: 'cfg-live', user: ['sales.bak'], skip_verify: false, remark: '直播间' }]);
    expect(remarks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, remark: '直播间-王先生', description: '2024-06-07 由 sales.li 添加' }]);

    // A replay runs every handler of the stored event again (as after a crash mid-way).
    const [stored] = await database.db.inboxEvent.findMany();
    const event = JSON.parse(stored!.payload) as ContactChangedEvent;
    for (const handler of app.container.appDeps.eventHandlers.contact_changed ?? []) await handler(event, { dedupeKey: stored!.dedupeKey });
    expect(updates).toHaveLength(1);
    expect(remarks).toHaveLength(1);
    expect((await admin('GET', `/channels/${channel.id}`)).body).toMatchObject({ activeUserIds: ['sales.bak'], routing: { mode: 'backup', capped: ['sales.li'] } });
  });

  it('should follow the schedule over Friday night and Saturday, calling WeCom only when the members change', async () => {
    const rebalance = async (date: string, hhmm: string) => {
      setClock(date, hhmm);
      return (await admin('POST', '/channels/rebalance')).body;
    };
    expect(await rebalance('2024-06-07', '21:59')).toEqual({ changed: [], full: [] });
    // wang's night starts; li is still capped for Friday.
    expect(await rebalance('2024-06-07', '22:00')).toEqual({ changed: [channel.id], full: [] });
    // Midnight: the weekday changes, li's count starts again, and wang's slot runs on.
    expect(await rebalance('2024-06-08', '00:00')).toEqual({ changed: [channel.id], full: [] });
    expect(await rebalance('2024-06-08', '01:59')).toEqual({ changed: [], full: [] });
    expect(await rebalance('2024-06-08', '02:00')).toEqual({ changed: [channel.id], full: [] });
    expect(updates.slice(1)).toEqual([
      { config_id: 'cfg-live', user: ['sales.wang'], skip_verify: false, remark: '直播间' },
      { config_id: 'cfg-live', user: ['sales.li', 'sales.wang'], skip_verify: false, remark: '直播间' },
      { config_id: 'cfg-live', user: ['sales.li'], skip_verify: false, remark: '直播间' },
    ]);
  });

  it('should warn in the status and keep the backup when the backup is capped too', async () => {
    setClock('2024-06-08', '10:00');
    const relation = { status: 'active', statusChangedAt: at('2024-06-08', '09:00'), addedAt: at('2024-06-08', '09:00'), state: channel.state };
    await database.db.followRelation.createMany({ data: [{ ...relation, userId: 'sales.li', externalUserId: 'wmSat1' }, { ...relation, userId: 'sales.bak', externalUserId: 'wmSat2' }] });
    expect((await admin('POST', '/channels/rebalance')).body).toEqual({ changed: [channel.id], full: [channel.id] });
    expect(updates.at(-1)).toEqual({ config_id: 'cfg-live', user: ['sales.bak'], skip_verify: false, remark: '直播间' });
    expect((await admin('GET', `/channels/${channel.id}`)).body).toMatchObject({ routing: { mode: 'backup', warnings: ['all_capped'] } });
  });

  it('should count adds, deletes by staff and by customer, and the net per Shanghai day', async () => {
    const day = (date: string, hhmm: string) => at(date, hhmm);
    const base = { state: channel.state, statusChangedAt: 0 };
    await database.db.followRelation.createMany({
      data: [
        // Added Thursday 23:59 (Thursday), removed by the salesperson Friday 00:00 (Friday).
        { ...base, userId: 'sales.li', externalUserId: 'wmThu', status: 'removed_by_staff', addedAt: day('2024-06-06', '23:59'), removedByStaffAt: day('2024-06-07', '00:00') },
        { ...base, userId: 'sales.wang', externalUserId: 'wmFri', status: 'removed_by_customer', addedAt: day('2024-06-07', '22:30'), removedByCustomerAt: day('2024-06-08', '08:00') },
        // Another channel's relation and one without a channel count nowhere.
        { ...base, userId: 'sales.li', externalUserId: 'wmOther', status: 'active', addedAt: day('2024-06-07', '12:00'), state: 'ch-other' },
        { ...base, userId: 'sales.li', externalUserId: 'wmNone', status: 'active', addedAt: day('2024-06-07', '12:00'), state: null },
      ],
    });
    const stats = await admin('GET', `/channels/${channel.id}/stats?from=2024-06-06&to=2024-06-08`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      channelId: channel.id,
      from: '2024-06-06',
      to: '2024-06-08',
      timeZone: 'Asia/Shanghai',
      days: [
        { date: '2024-06-06', added: 1, deletedByStaff: 0, deletedByCustomer: 0, net: 1 },
        { date: '2024-06-07', added: 2, deletedByStaff: 1, deletedByCustomer: 0, net: 1 },
        { date: '2024-06-08', added: 2, deletedByStaff: 0, deletedByCustomer: 1, net: 1 },
      ],
      totals: { added: 5, deletedByStaff: 1, deletedByCustomer: 1, net: 3 },
    });
    expect((await admin('GET', `/channels/${channel.id}/stats?from=2024-06-08&to=2024-06-06`))).toMatchObject({ status: 400, body: { message: 'from: must not be after to' } });
    expect((await admin('GET', `/channels/9999/stats?from=2024-06-06&to=2024-06-06`)).status).toBe(404);
  });
});
