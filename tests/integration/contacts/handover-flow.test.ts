/**
 * Staff handover through the real app (admin API, callback route, Redis, SQLite; WeCom
 * mocked with nock): customers spread by load under the cap, per-customer answers
 * recorded, a repeated request skipping customers already waiting, results polled from
 * transfer_result, and a transfer_fail callback ending a waiting handover.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { CUSTOMER_CAP } from '../../../src/domain/contact/channel.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-handover.test';
const ADMIN_TOKEN = 'handover-test-admin-token-000001';
const LEAVER = 'sales.leave';
const CUSTOMERS = ['wmHand01', 'wmHand02', 'wmHand03'];

describe('staff handover journey', () => {
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
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
    const contacts = new SqlContactRepo(database.connection.sql);
    const active = { status: 'active' as const, statusChangedAt: NOW - 100 };
    for (const customer of CUSTOMERS) await contacts.setRelationState(LEAVER, customer, active);
    // sales.full is at the cap; sales.near has room for exactly two more.
    for (let i = 0; i < CUSTOMER_CAP; i++) await contacts.setRelationState('sales.full', `wmFull${i}`, active);
    for (let i = 0; i < CUSTOMER_CAP - 2; i++) await contacts.setRelationState('sales.near', `wmNear${i}`, active);
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should refuse bad requests without calling WeCom', async () => {
    for (const body of [
      { kind: 'on_job', handoverUserId: LEAVER, takeoverUserIds: [LEAVER] },
      { kind: 'resigned', handoverUserId: LEAVER, takeoverUserIds: ['sales.near'], message: '您好' },
      { kind: 'on_job', handoverUserId: LEAVER, takeoverUserIds: ['sales.near'], externalUserIds: ['wmSomeoneElse'] },
      { kind: 'sideways', handoverUserId: LEAVER, takeoverUserIds: ['sales.near'] },
      { kind: 'on_job', handoverUserId: LEAVER, takeoverUserIds: [] },
    ]) {
      const response = await admin('POST', '/handovers', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await (await admin('GET', '/handovers')).json()).toEqual({ items: [] });
  });

  it('should move customers under the cap, record WeCom\'s per-customer answers and skip them when asked again', async () => {
    const transfers: unknown[] = [];
    nock(API)
      .post('/cgi-bin/externalcontact/transfer_customer', (body) => Boolean(transfers.push(body)))
      .query({ access_token: 'TOKEN' })
      .reply(200, { errcode: 0, errmsg: 'ok', customer: [{ external_userid: 'wmHand01', errcode: 0 }, { external_userid: 'wmHand02', errcode: 40129 }] });

    const response = await admin('POST', '/handovers', { kind: 'on_job', handoverUserId: LEAVER, takeoverUserIds: ['sales.full', 'sales.near'], message: '我是新的顾问小王' });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      accepted: { 'sales.near': ['wmHand01'] },
      rejected: [{ externalUserId: 'wmHand02', takeoverUserId: 'sales.near', errcode: 40129 }],
      skipped: [],
      unassigned: ['wmHand03'],
    });
    expect(transfers).toEqual([
      { handover_userid: LEAVER, takeover_userid: 'sales.near', external_userid: ['wmHand01', 'wmHand02'], transfer_success_msg: '我是新的顾问小王' },
    ]);

    const again = await admin('POST', '/handovers', { kind: 'on_job', handoverUserId: LEAVER, takeoverUserIds: ['sales.full'], externalUserIds: ['wmHand01'] });
    expect(await again.json()).toEqual({ accepted: {}, rejected: [], skipped: ['wmHand01'], unassigned: [] });
  });

  it('should take results from transfer_result and from a transfer_fail callback', async () => {
    const resigned = (await admin('GET', '/handovers?status=waiting')) as Response;
    expect(((await resigned.json()) as { items: unknown[] }).items).toHaveLength(1);
    nock(API)
      .post('/cgi-bin/externalcontact/transfer_result', { handover_userid: LEAVER, takeover_userid: 'sales.near' })
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', customer: [{ external_userid: 'wmHand01', status: 2 }], next_cursor: '' });
    expect(await (await admin('POST', '/handovers/check')).json()).toEqual({ changed: 0 });

    const xml =
      `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${NOW + 60}</CreateTime>` +
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[transfer_fail]]></ChangeType>` +
      `<FailReason><![CDATA[customer_refused]]></FailReason><UserID><![CDATA[sales.near]]></UserID><ExternalUserID><![CDATA[wmHand01]]></ExternalUserID></xml>`;
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce: 'tf1' });
    expect((await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })).status).toBe(200);
    await waitUntil(async () => (await database.db.handover.count({ where: { status: 'refused' } })) === 1, 15_000, 'the refused handover');

    const items = ((await (await admin('GET', `/handovers?handoverUserId=${LEAVER}`)).json()) as { items: { externalUserId: string; status: string }[] }).items;
    expect(items.map((i) => [i.externalUserId, i.status]).sort()).toEqual([
      ['wmHand01', 'refused'],
      ['wmHand02', 'rejected'],
    ]);
    expect(await (await admin('POST', '/handovers/check')).json()).toEqual({ changed: 0 });
  });

  it('should record a completed takeover reported by transfer_result', async () => {
    nock(API)
      .post('/cgi-bin/externalcontact/resigned/transfer_customer')
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', customer: [{ external_userid: 'wmHand03', errcode: 0 }] });
    const started = await admin('POST', '/handovers', { kind: 'resigned', handoverUserId: LEAVER, takeoverUserIds: ['sales.other'], externalUserIds: ['wmHand03'] });
    expect(await started.json()).toMatchObject({ accepted: { 'sales.other': ['wmHand03'] } });
    nock(API)
      .post('/cgi-bin/externalcontact/resigned/transfer_result')
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', customer: [{ external_userid: 'wmHand03', status: 1, takeover_time: NOW + 86_400 }] });

    expect(await (await admin('POST', '/handovers/check')).json()).toEqual({ changed: 1 });
    const items = ((await (await admin('GET', '/handovers?kind=resigned')).json()) as { items: unknown[] }).items;
    expect(items).toEqual([
      { kind: 'resigned', handoverUserId: LEAVER, takeoverUserId: 'sales.other', externalUserId: 'wmHand03', status: 'completed', takeoverTime: NOW + 86_400, requestedAt: NOW },
    ]);
  });
});
