/**
 * The channel code journey through the real app (admin API, callback route, Redis,
 * SQLite, workers; WeCom mocked with nock): an admin creates a welcome flow and a channel
 * (add_contact_way), a customer adds through it, and the same encrypted callback arrives
 * three times → exactly one mark_tag with the channel's tags and exactly one
 * send_welcome_msg with the channel's flow.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-channel.test';
const ADMIN_TOKEN = 'channel-test-admin-token-0001';
const CUSTOMER = 'wmChannel00000000000000000000001';

describe('channel code journey', () => {
  let database: TestDatabase;
  let app: TestApp;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker', 'welcome'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
  });

  afterAll(async () => {
    nock.cleanAll();
    await Promise.all([app?.container.eventQueue.queue.obliterate({ force: true }), app?.container.welcomeQueue.queue.obliterate({ force: true })]);
    await app?.close();
    await database?.drop();
  });

  it('should tag and welcome a customer who adds through the channel exactly once for three deliveries', async () => {
    const flowResponse = await admin('POST', '/welcome-flows', { name: '展会', text: '{customer}您好，展会礼品已为您备好', isDefault: false });
    expect(flowResponse.status).toBe(201);
    const flow = (await flowResponse.json()) as { id: number };

    nock(API)
      .post('/cgi-bin/externalcontact/get_corp_tag_list')
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', tag_group: [{ group_id: 'etGroupSource', group_name: '来源', order: 1, tag: [{ id: 'etExpoTag', name: '展会', order: 1 }] }] });
    expect(await (await admin('POST', '/tags/sync')).json()).toEqual({ groups: 1, tags: 1 });

    const contactWays: unknown[] = [];
    nock(API)
      .post('/cgi-bin/externalcontact/add_contact_way', (body) => Boolean(contactWays.push(body)))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', config_id: 'cfg-expo-3', qr_code: 'https://wework.qpic.cn/wwpic/expo3.png' });
    const channelResponse = await admin('POST', '/channels', { name: '展会3号展位', userIds: ['sales.li'], tagIds: ['etExpoTag'], welcomeFlowId: flow.id });
    expect(channelResponse.status).toBe(201);
    const channel = (await channelResponse.json()) as { id: number; state: string; configId: string; qrCode: string };
    expect(channel).toMatchObject({ configId: 'cfg-expo-3', qrCode: 'https://wework.qpic.cn/wwpic/expo3.png' });
    expect(channel.state.length).toBeLessThanOrEqual(30);
    expect(contactWays).toEqual([expect.objectContaining({ type: 2, scene: 2, state: channel.state, user: ['sales.li'] })]);

    const marks: unknown[] = [];
    const welcomes: unknown[] = [];
    nock(API).persist().get('/cgi-bin/externalcontact/get').query(true).reply(200, {
      errcode: 0,
      errmsg: 'ok',
      external_contact: { external_userid: CUSTOMER, name: '王先生', type: 1, gender: 1 },
      follow_user: [{ userid: 'sales.li', createtime: NOW, state: channel.state, tags: [] }],
    });
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    nock(API).persist().post('/cgi-bin/externalcontact/send_welcome_msg', (body) => Boolean(welcomes.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });

    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>` +
      `<UserID><![CDATA[sales.li]]></UserID><ExternalUserID><![CDATA[${CUSTOMER}]]></ExternalUserID>` +
      `<State><![CDATA[${channel.state}]]></State><WelcomeCode><![CDATA[CODE-EXPO-1]]></WelcomeCode></xml>`;
    for (const nonce of ['d1', 'd2', 'd3']) {
      const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce });
      const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      expect(response.status).toBe(200);
    }
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 1, 15_000, 'the add event');
    await waitUntil(async () => (await database.db.welcomeSend.count()) === 1, 15_000, 'the welcome send');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(marks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etExpoTag'], remove_tag: [] }]);
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]).toMatchObject({ welcome_code: 'CODE-EXPO-1', text: { content: expect.stringContaining('展会礼品已为您备好') } });
    expect(await database.db.welcomeSend.findUniqueOrThrow({ where: { welcomeCode: 'CODE-EXPO-1' } })).toMatchObject({ result: 'sent', flowId: flow.id });
    const history = (await (await admin('GET', `/customers/${CUSTOMER}/tag-history`)).json()) as { items: unknown[] };
    expect(history.items).toEqual([{ userId: 'sales.li', tagId: 'etExpoTag', action: 'add', cause: 'channel', causeRef: String(channel.id), at: NOW }]);
  });

  it('should change a channel\'s salespeople on the same QR code, then delete it in WeCom and locally', async () => {
    const [channel] = ((await (await admin('GET', '/channels')).json()) as { items: { id: number; configId: string; qrCode: string }[] }).items;
    const calls: { path: string; body: unknown }[] = [];
    const record = (path: string) => (body: unknown) => Boolean(calls.push({ path, body }));
    nock(API).post('/cgi-bin/externalcontact/update_contact_way', record('update')).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    nock(API).post('/cgi-bin/externalcontact/del_contact_way', record('delete')).query(true).reply(200, { errcode: 0, errmsg: 'ok' });

    const patched = await admin('PATCH', `/channels/${channel!.id}`, { userIds: ['sales.li', 'sales.wang'] });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ userIds: ['sales.li', 'sales.wang'], activeUserIds: ['sales.li', 'sales.wang'], qrCode: channel!.qrCode });
    expect((await admin('PATCH', `/channels/${channel!.id}`, { userIds: [] })).status).toBe(400);
    expect((await admin('PATCH', `/channels/${channel!.id}`, { tagIds: ['etNotSynced'] })).status).toBe(400);
    expect(await (await admin('POST', '/channels/rebalance')).json()).toEqual({ changed: [], full: [] });

    expect((await admin('DELETE', `/channels/${channel!.id}`)).status).toBe(204);
    expect((await admin('GET', `/channels/${channel!.id}`)).status).toBe(404);
    expect(calls).toEqual([
      { path: 'update', body: { config_id: channel!.configId, user: ['sales.li', 'sales.wang'], skip_verify: true, remark: '展会3号展位' } },
      { path: 'delete', body: { config_id: channel!.configId } },
    ]);
  });
});
