/**
 * Customer messages through the real app (admin API, callback route, Redis, SQLite,
 * workers; WeCom mocked with nock): an archive import and a customer-service pull each
 * lead to stored, classified messages and one SOP task for the serving salesperson.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-messages.test';
const ADMIN_TOKEN = 'message-test-admin-token-0000001';
const CUSTOMER = 'wmMessage00000000000000000000001';

describe('customer message journey', () => {
  let database: TestDatabase;
  let app: TestApp;
  const admin = (method: string, path: string, body?: string, contentType = 'application/x-ndjson') =>
    fetch(`${app.baseUrl}/api/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType }, body });
  const marks: unknown[] = [];
  const classified = () => database.db.chatMessage.count({ where: { classifiedAt: { not: null } } });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', WECOM_AGENT_SECRET: 'agent-secret', WECOM_AGENT_ID: '1000002', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
    await new SqlContactRepo(database.connection.sql).setRelationState('sales.li', CUSTOMER, { status: 'active', statusChangedAt: NOW - 100 });
    // A rule: customers whose supply is running out get the 复购 tag; complaints get 投诉.
    nock(API).post('/cgi-bin/externalcontact/get_corp_tag_list').query(true).reply(200, {
      errcode: 0, errmsg: 'ok',
      tag_group: [{ group_id: 'etGroupSignal', group_name: '信号', tag: [{ id: 'etRepurchase', name: '复购' }, { id: 'etComplaint', name: '投诉' }] }],
    });
    expect((await admin('POST', '/tags/sync', undefined, 'application/json')).status).toBe(200);
    for (const [intent, tag] of [['repurchase_signal', 'etRepurchase'], ['complaint', 'etComplaint']]) {
      const rule = await admin('POST', '/tag-rules', JSON.stringify({ name: intent, trigger: { type: 'intent', intents: [intent] }, addTagIds: [tag] }), 'application/json');
      expect(rule.status).toBe(201);
    }
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should refuse an import with a bad line and store nothing', async () => {
    const lines = [
      JSON.stringify({ msgid: 'a1', from: CUSTOMER, tolist: ['sales.li'], msgtime: NOW * 1000, msgtype: 'text', text: { content: '你好' } }),
      '{not json',
      JSON.stringify({ msgid: 'a2', from: CUSTOMER, msgtime: 'yesterday', msgtype: 'text' }),
    ].join('\n');
    const response = await admin('POST', '/messages/import', lines);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_input');
    expect(body.message).toMatch(/line 2: not valid JSON.*line 3: .*tolist/);
    expect(await database.db.chatMessage.count()).toBe(0);
    expect((await admin('POST', '/messages/import', '{}', 'application/json')).status).toBe(415);
  });

  it('should import archived messages once, classify the customer\'s and open one task for the serving salesperson', async () => {
    const record = (msgid: string, from: string, to: string, content: string) =>
      JSON.stringify({ msgid, from, tolist: [to], msgtime: NOW * 1000, msgtype: 'text', text: { content } });
    const lines = [
      record('arc-1', CUSTOMER, 'sales.li', '燕窝快吃完了，再给我寄两盒'),
      record('arc-2', 'sales.li', CUSTOMER, '好的，马上安排'),
      record('arc-3', CUSTOMER, 'sales.li', '上次那款还剩最后一瓶'),
      record('arc-4', 'sales.li', 'sales.wang', '内部消息'),
    ].join('\n');

    const first = await admin('POST', '/messages/import', lines);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0, skipped: 1 });
    expect(await (await admin('POST', '/messages/import', lines)).json()).toEqual({ accepted: 0, duplicates: 3, skipped: 1 });
    await waitUntil(async () => (await classified()) === 2, 15_000, 'two classified messages');

    const messages = (await (await admin('GET', `/customers/${CUSTOMER}/messages`)).json()) as { items: { key: string; intent: string | null; scene: string | null; direction: string }[] };
    expect(messages.items.map((m) => [m.key, m.direction, m.intent, m.scene]).sort()).toEqual([
      ['archive-arc-1', 'in', 'repurchase_signal', 'cycle_ending'],
      ['archive-arc-2', 'out', null, null],
      ['archive-arc-3', 'in', 'repurchase_signal', 'cycle_ending'],
    ]);
    const tasks = (await (await admin('GET', `/tasks?externalUserId=${CUSTOMER}`)).json()) as { items: { id: number; userId: string; scene: string; status: string }[] };
    // One task for the scene however many messages raised it, and the new-customer hook
    // (the relation is minutes old).
    expect(tasks.items.map((t) => [t.userId, t.scene, t.status])).toEqual([
      ['sales.li', 'cycle_ending', 'open'],
      ['sales.li', 'stage_new', 'open'],
    ]);

    const done = await admin('POST', `/tasks/${tasks.items[0]!.id}/done`);
    expect(await done.json()).toMatchObject({ status: 'done', closedBy: 'admin', closedAt: NOW });
    expect((await admin('POST', `/tasks/${tasks.items[0]!.id}/dismiss`)).status).toBe(404);
    // Both messages matched the rule; the second found the tag already there.
    expect(marks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etRepurchase'], remove_tag: [] }]);
  });

  it('should pull customer-service messages from the stored cursor on kf_msg_or_event and classify them', async () => {
    const pulls: unknown[] = [];
    const kfMessage = (msgid: string, content: string) => ({
      msgid, open_kfid: 'wkService01', external_userid: CUSTOMER, send_time: NOW, origin: 3, msgtype: 'text', text: { content },
    });
    nock(API)
      .post('/cgi-bin/kf/sync_msg', (body) => Boolean(pulls.push(body)))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', next_cursor: 'CUR1', has_more: 1, msg_list: [kfMessage('kf-1', '我要投诉，收到的货是坏的')] })
      .post('/cgi-bin/kf/sync_msg', (body) => Boolean(pulls.push(body)))
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', next_cursor: 'CUR2', has_more: 0, msg_list: [kfMessage('kf-1', '我要投诉，收到的货是坏的'), { ...kfMessage('kf-ev', ''), origin: 4, msgtype: 'event' }] });
    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR]]></Token><OpenKfId><![CDATA[wkService01]]></OpenKfId></xml>`;
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce: 'kf1' });
    expect((await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(200);

    await waitUntil(async () => (await database.db.kfSyncCursor.findUnique({ where: { openKfId: 'wkService01' } }))?.cursor === 'CUR2', 15_000, 'both pages pulled');
    await waitUntil(async () => (await classified()) === 3, 15_000, 'the customer-service message classified');
    expect(pulls).toEqual([
      { open_kfid: 'wkService01', token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', limit: 1000 },
      { open_kfid: 'wkService01', token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', limit: 1000, cursor: 'CUR1' },
    ]);
    expect(await database.db.chatMessage.findUnique({ where: { messageKey: 'kf-kf-1' } })).toMatchObject({ intent: 'complaint', scene: 'urgent_complaint' });
    const tasks = (await (await admin('GET', '/tasks?status=open')).json()) as { items: { userId: string; scene: string; priority: string }[] };
    expect(tasks.items).toEqual([
      expect.objectContaining({ userId: 'sales.li', scene: 'urgent_complaint', priority: 'urgent' }),
      expect.objectContaining({ userId: 'sales.li', scene: 'stage_new' }),
    ]);
    expect(marks.at(-1)).toEqual({ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etComplaint'], remove_tag: [] });
  });
});
