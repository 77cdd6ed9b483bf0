/**
 * Group codes at their edges through the real app (SQLite, Redis, the event worker; WeCom
 * nocked): a join way WeCom refuses leaves nothing behind (the template made first is
 * deleted again); every group at the cap keeps the last one listed and says so; a
 * dismissed group leaves the list; a delete finishes when WeCom already lost the join way
 * and the template.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { nockWecomTokens, startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1_799_985_600;
const API = 'http://wecom-group-code-edges.test';
const ADMIN_TOKEN = 'group-code-edges-admin-token-0001';
const ok = { errcode: 0, errmsg: 'ok' };

describe('group codes at the edges', () => {
  let database: TestDatabase;
  let app: TestApp;
  /** chat id → member count; absent = dismissed (groupchat/get answers 40050). */
  const sizes = new Map<string, number>();
  const calls: { api: string; body: Record<string, unknown> }[] = [];
  const callsTo = (api: string) => calls.filter((call) => call.api === api).map((call) => call.body);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Answers `api` with `reply` (once, or every time when `persist`), recording the bodies. */
  const answer = (api: string, reply: Record<string, unknown>, persist = false) => {
    const scope = nock(API);
    if (persist) scope.persist();
    return scope
      .post(`/cgi-bin/externalcontact/${api}`, (body: Record<string, unknown>) => Boolean(calls.push({ api, body })))
      .query({ access_token: 'TOKEN' })
      .reply(200, reply);
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    await nockWecomTokens(app, API);
    nock(API)
      .persist()
      .post('/cgi-bin/externalcontact/groupchat/get')
      .query({ access_token: 'TOKEN' })
      .reply(200, (_uri, body) => {
        const chatId = String((body as { chat_id: string }).chat_id);
        const size = sizes.get(chatId);
        if (size === undefined) return { errcode: 40050, errmsg: 'invalid chatid' };
        return { ...ok, group_chat: { chat_id: chatId, owner: 'sales.li', member_list: Array.from({ length: size }, (_, i) => ({ userid: `wm${chatId}${i}`, type: 2, join_time: NOW - 60 })) } };
      });
    answer('groupchat/get_join_way', { ...ok, join_way: { qr_code: 'https://wework.qpic.cn/wwpic/edge/0' } }, true);
    answer('groupchat/update_join_way', ok, true);
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should store nothing and delete the new welcome template when WeCom refuses the join way', async () => {
    sizes.set('wrE1', 1);
    answer('group_welcome_template/add', { ...ok, template_id: 'tplOrphan' });
    answer('group_welcome_template/del', ok);
    answer('groupchat/add_join_way', { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' });
    const response = await admin('POST', '/group-codes', { name: '无权限', chatIds: ['wrE1'], capPerGroup: 10, welcome: { text: '欢迎' } });
    expect(response.status).toBe(502);
    expect(callsTo('group_welcome_template/del')).toEqual([{ template_id: 'tplOrphan' }]);
    expect(await database.db.groupCode.count()).toBe(0);
    expect(await database.db.groupCodeChat.count()).toBe(0);
  });

  it('should keep the last group listed and report all full when every group is at the cap, then drop a dismissed group', async () => {
    sizes.set('wrF1', 3);
    sizes.set('wrF2', 3);
    sizes.set('wrF3', 1);
    answer('groupchat/add_join_way', { ...ok, config_id: 'cfgFull' });
    const created = (await (await admin('POST', '/group-codes', { name: '满员', chatIds: ['wrF1', 'wrF2', 'wrF3'], capPerGroup: 3 })).json()) as { id: number; activeChatIds: string[] };
    expect(created.activeChatIds).toEqual(['wrF3']);
    expect(callsTo('groupchat/add_join_way').at(-1)).toMatchObject({ chat_id_list: ['wrF3'] });

    sizes.set('wrF3', 3);
    expect(await (await admin('POST', '/group-codes/recheck')).json()).toEqual({ changed: [], full: [created.id] });
    expect(await (await admin('GET', `/group-codes/${created.id}`)).json()).toMatchObject({ activeChatIds: ['wrF3'], allFull: true });

    // wrF3 is dismissed: the join way falls back to the last live group.
    sizes.delete('wrF3');
    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrF3]]></ChatId><ChangeType><![CDATA[dismiss]]></ChangeType></xml>`;
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce: 'dismiss' });
    expect((await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(200);
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) === 1, 15_000, 'the dismiss callback');
    expect(callsTo('groupchat/update_join_way').at(-1)).toEqual({ config_id: 'cfgFull', scene: 2, remark: '满员', auto_create_room: 0, chat_id_list: ['wrF2'], state: expect.any(String) });
    const code = (await (await admin('GET', `/group-codes/${created.id}`)).json()) as { groups: { chatId: string; dismissed: boolean }[] };
    expect(code.groups.find((g) => g.chatId === 'wrF3')).toMatchObject({ dismissed: true });
  });

  it('should finish a delete when WeCom no longer knows the join way or the template', async () => {
    sizes.set('wrD1', 1);
    answer('group_welcome_template/add', { ...ok, template_id: 'tplGone' });
    answer('groupchat/add_join_way', { ...ok, config_id: 'cfgGone' });
    const created = (await (await admin('POST', '/group-codes', { name: '已删', chatIds: ['wrD1'], capPerGroup: 5, welcome: { text: '欢迎' } })).json()) as { id: number };
    answer('groupchat/del_join_way', { errcode: 41044, errmsg: 'invalid config_id' });
    answer('group_welcome_template/del', { errcode: 41044, errmsg: 'invalid template_id' });
    expect((await admin('DELETE', `/group-codes/${created.id}`)).status).toBe(204);
    expect((await admin('GET', `/group-codes/${created.id}`)).status).toBe(404);
  });
});
