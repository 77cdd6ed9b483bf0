/**
 * Welcome messages end to end: an encrypted add_external_contact with a State and a
 * WelcomeCode → exactly one send_welcome_msg carrying the channel's flow, even when WeCom
 * delivers the callback three times; 41051 is recorded as done; an old code is not used.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-welcome.test';
const clock = fixedClock(new Date(NOW * 1000));

function addEventXml(externalUserId: string, code: string, createTime = NOW): string {
  return (
    `<xml><ToUserName><![CDATA[${FIXTURE_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
    `<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[sales.li]]></UserID>` +
    `<ExternalUserID><![CDATA[${externalUserId}]]></ExternalUserID><State><![CDATA[expo-booth3]]></State>` +
    `<WelcomeCode><![CDATA[${code}]]></WelcomeCode></xml>`
  );
}

describe('welcome messages', () => {
  let database: TestDatabase;
  let app: TestApp;

  const deliver = async (xml: string, nonce: string) => {
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW), nonce });
    const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(200);
  };
  const sendRow = (code: string) => database.db.welcomeSend.findUnique({ where: { welcomeCode: code } });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await database.db.welcomeFlow.create({ data: { name: 'default', text: '您好', isDefault: true } });
    await database.db.welcomeFlow.create({ data: { name: 'expo', text: '{customer}您好，展会专属礼已为您预留', channelState: 'expo-booth3' } });
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker', 'welcome'],
      clock,
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret' },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
  });

  beforeEach(() => {
    nock.cleanAll();
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
    nock(API)
      .persist()
      .get('/cgi-bin/externalcontact/get')
      .query(true)
      .reply(200, (uri) => ({
        errcode: 0,
        errmsg: 'ok',
        external_contact: { external_userid: new URL(uri, API).searchParams.get('external_userid'), name: '李女士', type: 1, gender: 2 },
        follow_user: [{ userid: 'sales.li', createtime: NOW, state: 'expo-booth3', tags: [] }],
      }));
  });

  afterAll(async () => {
    nock.cleanAll();
    await Promise.all([app?.container.eventQueue.queue.obliterate({ force: true }), app?.container.welcomeQueue.queue.obliterate({ force: true })]);
    await app?.close();
    await database?.drop();
  });

  it("should send the channel's flow exactly once when the same add is delivered three times", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post('/cgi-bin/externalcontact/send_welcome_msg', (body) => {
        bodies.push(body);
        return true;
      })
      .query({ access_token: 'TOKEN' })
      .times(3)
      .reply(200, { errcode: 0, errmsg: 'ok' });
    const xml = addEventXml('wmWelcome000000000000000000001', 'CODE-A');
    await Promise.all(['n1', 'n2', 'n3'].map((nonce) => deliver(xml, nonce)));
    await waitUntil(async () => (await sendRow('CODE-A')) !== null, 10_000, 'the welcome send');
    await waitUntil(async () => (await database.db.inboxEvent.count({ where: { status: 'processed' } })) >= 1, 10_000, 'the event');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ welcome_code: 'CODE-A', text: { content: expect.stringContaining('展会专属礼') } });
    const row = await sendRow('CODE-A');
    expect(row).toMatchObject({ result: 'sent', userId: 'sales.li', externalUserId: 'wmWelcome000000000000000000001' });
    expect(row?.flowId).toBe((await database.db.welcomeFlow.findFirstOrThrow({ where: { name: 'expo' } })).id);
    expect(row?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('should record 41051 (already sent) as done without retrying', async () => {
    const scope = nock(API).post('/cgi-bin/externalcontact/send_welcome_msg').query(true).reply(200, { errcode: 41051, errmsg: 'customer already chatted' });
    await deliver(addEventXml('wmWelcome000000000000000000002', 'CODE-B'), 'b1');
    await waitUntil(async () => (await sendRow('CODE-B')) !== null, 10_000, 'the welcome send');
    expect(scope.isDone()).toBe(true);
    expect(await sendRow('CODE-B')).toMatchObject({ result: 'already_sent', errcode: 41051 });
  });

  it('should not call WeCom for a code whose event is older than 18 seconds', async () => {
    const scope = nock(API).post('/cgi-bin/externalcontact/send_welcome_msg').query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    await deliver(addEventXml('wmWelcome000000000000000000003', 'CODE-C', NOW - 30), 'c1');
    await waitUntil(async () => (await sendRow('CODE-C')) !== null, 10_000, 'the welcome record');
    expect(await sendRow('CODE-C')).toMatchObject({ result: 'expired' });
    expect(scope.isDone()).toBe(false);
  });
});
