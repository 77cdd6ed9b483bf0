/**
 * Contact events end to end: a signed callback → inbox → worker → externalcontact/get
 * (WeCom mocked with nock) → customer and relations in the database; removals keep
 * history; WeCom answering "no such contact" still records the relation.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/clock.ts';
import { sampleEventXml } from '../../../src/sandbox/sample-events.ts';
import { buildSignedCallback, toQueryString } from '../../../src/sandbox/signed-callback.ts';
import { FIXTURE_CORP_ID, FIXTURE_ENCODING_AES_KEY, FIXTURE_TOKEN } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom.test';
const CUSTOMER = 'wmContactFlow000000000000000001';

function contactResponse(externalUserId: string) {
  return {
    errcode: 0,
    errmsg: 'ok',
    external_contact: { external_userid: externalUserId, name: '李女士', avatar: 'http://wx.qlogo.cn/a.png', type: 1, gender: 2, unionid: 'oUnion123' },
    follow_user: [
      { userid: 'sales.li', remark: '李姐-胶原蛋白', remark_mobiles: ['+86 138 0013 8000', 'n/a'], createtime: NOW, add_way: 1, state: 'expo-booth3', oper_userid: externalUserId, tags: [{ group_name: '偏好', tag_name: '胶原蛋白', type: 1, tag_id: 'etTag001' }, { tag_name: '个人', type: 2 }] },
      { userid: 'sales.wang', createtime: NOW - 86_400, add_way: 202, tags: [] },
    ],
  };
}

describe('contact events through the worker', () => {
  let database: TestDatabase;
  let app: TestApp;

  const send = async (kind: Parameters<typeof sampleEventXml>[0], createTime: number, externalUserId = CUSTOMER) => {
    const xml = sampleEventXml(kind, { corpId: FIXTURE_CORP_ID, createTime, externalUserId, state: 'expo-booth3' });
    const { query, body } = buildSignedCallback({ token: FIXTURE_TOKEN, encodingAesKey: FIXTURE_ENCODING_AES_KEY, corpId: FIXTURE_CORP_ID, xml, timestamp: String(NOW) });
    const response = await fetch(`${app.callbackUrl}?${toQueryString(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(200);
  };
  const processedCount = () => database.db.inboxEvent.count({ where: { status: 'processed' } });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web', 'worker'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret' },
    });
    // Tokens are cached in Redis across processes (and so across test runs): start cold.
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
  });

  afterEach(() => {
    nock.cleanAll();
  });

  afterAll(async () => {
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should store the customer and every follower when a customer is added', async () => {
    const wecom = nock(API)
      .get('/cgi-bin/gettoken')
      .query({ corpid: FIXTURE_CORP_ID, corpsecret: 'contact-secret' })
      .reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN1', expires_in: 7200 })
      .get('/cgi-bin/externalcontact/get')
      .query({ access_token: 'TOKEN1', external_userid: CUSTOMER })
      .reply(200, contactResponse(CUSTOMER));
    await send('add_external_contact', NOW);
    await waitUntil(async () => (await processedCount()) === 1, 15_000, 'the add event');
    expect(wecom.isDone()).toBe(true);

    const customer = await database.db.customer.findUniqueOrThrow({ where: { externalUserId: CUSTOMER } });
    expect(customer).toMatchObject({ name: '李女士', type: 1, gender: 2, unionId: 'oUnion123' });
    const relations = await database.db.followRelation.findMany({ where: { externalUserId: CUSTOMER }, orderBy: { userId: 'asc' } });
    expect(relations.map((r) => [r.userId, r.status])).toEqual([
      ['sales.li', 'active'],
      ['sales.wang', 'active'],
    ]);
    expect(relations[0]).toMatchObject({ remark: '李姐-胶原蛋白', addWay: 1, state: 'expo-booth3', addedAt: NOW, tagIds: '["etTag001"]' });
    // Remark mobiles are kept normalised for orders that name customers by phone; what is not a number is dropped.
    expect(await database.db.customerPhone.findMany({ where: { externalUserId: CUSTOMER } })).toEqual([{ phone: '13800138000', externalUserId: CUSTOMER, userId: 'sales.li' }]);
  });

  it('should mark the relation removed by the customer and keep when it happened', async () => {
    await send('del_follow_user', NOW + 60);
    await waitUntil(async () => (await processedCount()) === 2, 15_000, 'the removal');
    const relation = await database.db.followRelation.findUniqueOrThrow({ where: { userId_externalUserId: { userId: 'sales.li', externalUserId: CUSTOMER } } });
    expect(relation).toMatchObject({ status: 'removed_by_customer', removedByCustomerAt: NOW + 60, remark: '李姐-胶原蛋白' });
  });

  it('should record the relation without details when WeCom no longer knows the pair', async () => {
    const other = 'wmContactFlow000000000000000002';
    nock(API)
      .get('/cgi-bin/externalcontact/get')
      .query(true)
      .reply(200, { errcode: 84061, errmsg: 'not external contact' });
    await send('add_external_contact', NOW, other);
    await waitUntil(async () => (await processedCount()) === 3, 15_000, 'the add event');
    expect(await database.db.customer.findUnique({ where: { externalUserId: other } })).toBeNull();
    const relation = await database.db.followRelation.findUniqueOrThrow({ where: { userId_externalUserId: { userId: 'sales.li', externalUserId: other } } });
    expect(relation).toMatchObject({ status: 'active', statusChangedAt: NOW, state: 'expo-booth3' });
  });
});
