/**
 * Group codes (群活码) through the real app on SQLite and PostgreSQL (admin API, signed
 * change_external_chat callbacks, Redis, the event worker; WeCom nocked, with groupchat/get
 * answered from the groups the test keeps): the add_join_way and group welcome template
 * payloads, validation that changes nothing, roll-over past the cap with exactly one
 * update_join_way (none for a replay or a join that changes nothing), concurrent joins,
 * a leave bringing the first group back, per-day stats, edits and the delete.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { nockWecomTokens, startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

/** 2027-01-15 10:00 in Shanghai. */
const NOW = 1_799_985_600;
const API = 'http://wecom-group-codes.test';
const ADMIN_TOKEN = 'group-codes-test-admin-token-0001';
const CONFIG_ID = 'cfgJoinWay0001';
const QR = 'https://wework.qpic.cn/wwpic/joinway0001.png';
const TEMPLATE_ID = 'msgGroupWelcome0001';
const WELCOME = { text: '欢迎加入新品体验群，群公告里有领取方式', attachment: { msgtype: 'link', link: { title: '新人礼', url: 'https://shop.example.com/gift' } } };

interface Member {
  userid: string;
  type: number;
  join_time: number;
  state?: string;
}

describe.each(PROVIDERS)('group codes (%s)', (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  /** The customer groups WeCom knows, as groupchat/get answers them. */
  const groups = new Map<string, Member[]>();
  const calls: { api: string; body: Record<string, unknown> }[] = [];
  const callsTo = (api: string) => calls.filter((call) => call.api === api).map((call) => call.body);
  let codeId = 0;
  let state = '';
  let processed = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** Records a WeCom call and answers ok with `fields`. */
  const answer = (api: string, fields: Record<string, unknown> = {}) =>
    nock(API)
      .persist()
      .post(`/cgi-bin/externalcontact/${api}`, (body: Record<string, unknown>) => Boolean(calls.push({ api, body })))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', ...fields });

  const owner = (chatId: string): Member => ({ userid: `owner.${chatId}`, type: 1, join_time: NOW - 86_400 });
  const customer = (id: string, joinTime: number, viaCode = true): Member => ({ userid: id, type: 2, join_time: joinTime, ...(viaCode ? { state } : {}) });

  /** Delivers signed member-change callbacks at once and waits until the worker processed them. */
  async function deliver(changes: { kind: 'chat_add_member' | 'chat_del_member'; chatId: string; member: string; at: number; nonce?: string }[], newEvents = changes.length) {
    await Promise.all(
      changes.map(async (change, i) => {
        const xml = sampleEventXml(change.kind, { corpId: FIXTURE_CORP_ID, createTime: change.at, chatId: change.chatId, externalUserId: change.member });
        const nonce = change.nonce ?? `n${change.at}${i}${change.member}`;
        const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(change.at), nonce });
        const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
        expect(response.status).toBe(200);
      }),
    );
    processed += newEvents;
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === processed, 15_000, 'the group callbacks');
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    await nockWecomTokens(app, API);
    groups.set('wrA', [owner('wrA'), { userid: 'wmOld1', type: 2, join_time: NOW - 3600 }, { userid: 'wmOld2', type: 2, join_time: NOW - 3600 }]);
    groups.set('wrB', [owner('wrB')]);
    nock(API)
      .persist()
      .post('/cgi-bin/externalcontact/groupchat/get')
      .query({ access_token: 'TOKEN' })
      .reply(200, (_uri, body) => {
        const chatId = String((body as { chat_id: string }).chat_id);
        const members = groups.get(chatId);
        return members ? { errcode: 0, errmsg: 'ok', group_chat: { chat_id: chatId, name: chatId, owner: members[0]!.userid, member_list: members } } : { errcode: 40050, errmsg: 'invalid chatid' };
      });
    answer('group_welcome_template/add', { template_id: TEMPLATE_ID });
    answer('group_welcome_template/edit');
    answer('group_welcome_template/del');
    answer('groupchat/add_join_way', { config_id: CONFIG_ID });
    answer('groupchat/get_join_way', { join_way: { config_id: CONFIG_ID, scene: 2, qr_code: QR, chat_id_list: ['wrA', 'wrB'] } });
    answer('groupchat/update_join_way');
    answer('groupchat/del_join_way');
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should refuse bad input by field and call WeCom for none of it', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: '体验群', chatIds: [], capPerGroup: 10 }, /chatIds/],
      [{ name: '体验群', chatIds: ['wrA'], capPerGroup: 201 }, /capPerGroup/],
      [{ name: '体验群', chatIds: ['wrA', 'wrA'], capPerGroup: 10 }, /chatIds: wrA is listed twice/],
      [{ name: '体验群', chatIds: ['wrA', 'wrGone'], capPerGroup: 10 }, /chatIds: .*wrGone/],
      [{ name: '体验群', chatIds: ['wrA'], capPerGroup: 10, autoCreateRoom: true }, /roomBaseName/],
      [{ name: '体验群', chatIds: ['wrA'], capPerGroup: 10, welcome: { text: '', attachment: { msgtype: 'video' } } }, /welcome\.text.*welcome\.attachment/s],
    ];
    for (const [body, message] of cases) {
      const response = await admin('POST', '/group-codes', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    expect(calls).toEqual([]);
    expect(await (await admin('GET', '/group-codes')).json()).toEqual({ items: [] });
  });

  it('should create the welcome template and the join way over the groups below the cap, and answer the QR code', async () => {
    const response = await admin('POST', '/group-codes', { name: '新品体验群', chatIds: ['wrA', 'wrB'], capPerGroup: 4, welcome: WELCOME });
    expect(response.status).toBe(201);
    const code = (await response.json()) as { id: number; state: string };
    ({ id: codeId, state } = code);
    expect(state).toMatch(/^gc-.{1,27}$/);
    expect(code).toMatchObject({
      qrCode: QR,
      configId: CONFIG_ID,
      activeChatIds: ['wrA', 'wrB'],
      allFull: false,
      welcomeTemplateId: TEMPLATE_ID,
      groups: [
        { chatId: 'wrA', members: 3, dismissed: false, counted: true },
        { chatId: 'wrB', members: 1, dismissed: false, counted: true },
      ],
    });
    expect(callsTo('group_welcome_template/add')).toEqual([{ text: { content: WELCOME.text }, link: WELCOME.attachment.link, notify: 1 }]);
    expect(callsTo('groupchat/add_join_way')).toEqual([{ scene: 2, remark: '新品体验群', auto_create_room: 0, chat_id_list: ['wrA', 'wrB'], state }]);
    expect(callsTo('groupchat/get_join_way')).toEqual([{ config_id: CONFIG_ID }]);
  });

  it('should roll over to the next group with exactly one update_join_way when joins reach the cap, even when they arrive together', async () => {
    const before = callsTo('groupchat/update_join_way').length;
    // A member invited by hand (no state) fills a place but is not the code's join.
    groups.get('wrA')!.push(customer('wmInvited', NOW - 50, false), customer('wmViaCode1', NOW - 40));
    await deliver([
      { kind: 'chat_add_member', chatId: 'wrA', member: 'wmInvited', at: NOW - 50 },
      { kind: 'chat_add_member', chatId: 'wrA', member: 'wmViaCode1', at: NOW - 40 },
    ]);
    expect(callsTo('groupchat/update_join_way').slice(before)).toEqual([
      { config_id: CONFIG_ID, scene: 2, remark: '新品体验群', auto_create_room: 0, chat_id_list: ['wrB'], state },
    ]);
    const code = (await (await admin('GET', `/group-codes/${codeId}`)).json()) as { activeChatIds: string[]; groups: { members: number }[] };
    expect(code.activeChatIds).toEqual(['wrB']);
    expect(code.groups.map((g) => g.members)).toEqual([5, 1]);
  });

  it('should call update_join_way no more for a replayed callback, a join that keeps the list, or a re-check', async () => {
    const before = callsTo('groupchat/update_join_way').length;
    // WeCom retries the same callback (same content, another nonce): the inbox keeps one.
    await deliver([{ kind: 'chat_add_member', chatId: 'wrA', member: 'wmViaCode1', at: NOW - 40, nonce: 'retry-1' }], 0);
    groups.get('wrB')!.push(customer('wmViaCode2', NOW - 30));
    await deliver([{ kind: 'chat_add_member', chatId: 'wrB', member: 'wmViaCode2', at: NOW - 30 }]);
    expect(await (await admin('POST', '/group-codes/recheck')).json()).toEqual({ changed: [], full: [] });
    expect(callsTo('groupchat/update_join_way')).toHaveLength(before);
  });

  it('should list the first group again when a leave frees a place, and count joins and leaves through the code per day', async () => {
    // wrA holds 5 against a cap of 4: one leave keeps it full, the second frees a place.
    const before = callsTo('groupchat/update_join_way').length;
    groups.set('wrA', groups.get('wrA')!.filter((m) => m.userid !== 'wmViaCode1'));
    await deliver([{ kind: 'chat_del_member', chatId: 'wrA', member: 'wmViaCode1', at: NOW - 20 }]);
    expect(callsTo('groupchat/update_join_way')).toHaveLength(before);
    groups.set('wrA', groups.get('wrA')!.filter((m) => m.userid !== 'wmInvited'));
    await deliver([{ kind: 'chat_del_member', chatId: 'wrA', member: 'wmInvited', at: NOW - 10 }]);
    expect(callsTo('groupchat/update_join_way').slice(before)).toEqual([expect.objectContaining({ chat_id_list: ['wrA', 'wrB'] })]);

    const stats = await (await admin('GET', `/group-codes/${codeId}/stats?days=2&timezone=Asia/Shanghai`)).json();
    expect(stats).toEqual({
      codeId,
      timeZone: 'Asia/Shanghai',
      days: [
        { date: '2027-01-14', joins: 0, leaves: 0, net: 0 },
        { date: '2027-01-15', joins: 2, leaves: 1, net: 1 },
      ],
      totals: { joins: 2, leaves: 1, net: 1 },
    });
    expect((await admin('GET', `/group-codes/${codeId}/stats?days=0`)).status).toBe(400);
    expect((await admin('GET', `/group-codes/${codeId}/stats?timezone=Mars/Olympus`)).status).toBe(400);
  });

  it('should edit the welcome template and the join way, then delete both in WeCom and the code', async () => {
    const patched = await admin('PATCH', `/group-codes/${codeId}`, { name: '新品体验群2', welcome: { text: '欢迎！' }, capPerGroup: 2 });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: '新品体验群2', activeChatIds: ['wrB'], welcome: { text: '欢迎！' } });
    expect(callsTo('group_welcome_template/edit')).toEqual([{ template_id: TEMPLATE_ID, text: { content: '欢迎！' } }]);
    expect(callsTo('groupchat/update_join_way').at(-1)).toEqual({ config_id: CONFIG_ID, scene: 2, remark: '新品体验群2', auto_create_room: 0, chat_id_list: ['wrB'], state });
    expect((await admin('PATCH', `/group-codes/${codeId}`, {})).status).toBe(400);

    expect((await admin('DELETE', `/group-codes/${codeId}`)).status).toBe(204);
    expect(callsTo('groupchat/del_join_way')).toEqual([{ config_id: CONFIG_ID }]);
    expect(callsTo('group_welcome_template/del')).toEqual([{ template_id: TEMPLATE_ID }]);
    expect((await admin('GET', `/group-codes/${codeId}`)).status).toBe(404);
  });
});
