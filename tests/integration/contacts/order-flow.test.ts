/**
 * Order import through the real app (admin API, SQLite, Redis; mark_tag mocked with nock):
 * orders stored once, bad lines reported with the good ones kept, customer value
 * recomputed, a spend rule tagging the customer when spend crosses its threshold, and
 * the sidebar showing the spend.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { PrismaTagRuleRepo } from '../../../src/db/tag-rule-repo.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID } from '../../fixtures/wecom/events.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-orders.test';
const ADMIN_TOKEN = 'orders-test-admin-token-00000001';
const CUSTOMER = 'wmOrders00000000000000000000001';

describe('order import journey', () => {
  let database: TestDatabase;
  let app: TestApp;
  const marks: unknown[] = [];
  const importOrders = (lines: unknown[]) =>
    fetch(`${app.baseUrl}/api/admin/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
    });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['web'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret', ADMIN_TOKEN },
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    await new SqlContactRepo(database.connection.sql).saveSnapshot(
      { customer: { externalUserId: CUSTOMER, name: '赵女士', type: 1, gender: 2, unionId: 'oUnionOrders1' }, followers: [{ userId: 'sales.li', addedAt: NOW - 86_400, tagIds: [] }] },
      new Date(NOW * 1000),
    );
    await new PrismaCorpTagStore(database.db).replaceAll([{ groupId: 'etG', name: '价值', order: 0, tags: [{ tagId: 'etVip', groupId: 'etG', name: '高价值', order: 0 }] }], new Date(NOW * 1000));
    await new PrismaTagRuleRepo(database.db).create({ name: '累计消费满5000', enabled: true, trigger: { type: 'spend', atLeast: 5000 }, addTagIds: ['etVip'], removeTagIds: [] });
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it('should keep good lines, report bad ones, and tag the customer once spend crosses the rule', async () => {
    const first = await importOrders([
      { orderId: 'o-1', externalUserId: CUSTOMER, amount: 2999.5, items: [{ name: '燕窝礼盒', quantity: 1 }], orderedAt: NOW - 30 * 86_400, channel: 'mini-program' },
      { orderId: 'o-2', unionId: 'oUnionOrders1', amount: 1000, orderedAt: '2024-05-20T10:00:00+08:00' },
      { orderId: 'o-3', unionId: 'oUnknownUnion', amount: 10, orderedAt: NOW },
      { orderId: 'o-4', externalUserId: CUSTOMER, amount: -5, orderedAt: NOW },
      '{broken',
    ]);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { accepted: number; duplicates: number; rejected: { line: number; reason: string }[]; customersUpdated: number };
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, customersUpdated: 1 });
    expect(body.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(body.rejected[0]?.reason).toContain('oUnknownUnion');
    expect(body.rejected[1]?.reason).toContain('amount');
    expect(marks).toEqual([]);
    expect(await database.db.customerValue.findUniqueOrThrow({ where: { externalUserId: CUSTOMER } })).toMatchObject({ totalSpendFen: 399_950, orderCount: 2, valueLayer: 'high', highValue: false });

    const second = (await (await importOrders([
      { orderId: 'o-1', externalUserId: CUSTOMER, amount: 2999.5, orderedAt: NOW - 30 * 86_400 },
      { orderId: 'o-5', externalUserId: CUSTOMER, amount: 1200, orderedAt: NOW - 3600 },
    ])).json()) as { accepted: number; duplicates: number };
    expect(second).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(marks).toEqual([{ userid: 'sales.li', external_userid: CUSTOMER, add_tag: ['etVip'], remove_tag: [] }]);
    expect(await database.db.customerValue.findUniqueOrThrow({ where: { externalUserId: CUSTOMER } })).toMatchObject({ totalSpendFen: 519_950, orderCount: 3, highValue: true });

    await importOrders([{ orderId: 'o-6', externalUserId: CUSTOMER, amount: 100, orderedAt: NOW }]);
    expect(marks).toHaveLength(1);
  });

  it('should find the customer by a phone a salesperson noted, however it is written, and refuse a phone two customers share', async () => {
    const contacts = new SqlContactRepo(database.connection.sql);
    const at = new Date(NOW * 1000);
    await contacts.saveSnapshot({ customer: { externalUserId: 'wmPhoneA', name: '钱先生', type: 1, gender: 1 }, followers: [{ userId: 'sales.li', tagIds: [], remarkMobiles: ['13800138000', '13900139000'] }] }, at);
    await contacts.saveSnapshot({ customer: { externalUserId: 'wmPhoneB', name: '孙女士', type: 1, gender: 2 }, followers: [{ userId: 'sales.wang', tagIds: [], remarkMobiles: ['13900139000'] }] }, at);
    const result = (await (await importOrders([
      { orderId: 'p-1', phone: '+86 138-0013-8000', amount: 88, orderedAt: NOW },
      { orderId: 'p-2', phone: '13900139000', amount: 99, orderedAt: NOW },
      { orderId: 'p-3', phone: '13700137000', amount: 10, orderedAt: NOW },
      { orderId: 'p-4', phone: '13800138000', unionId: 'oUnionOrders1', amount: 10, orderedAt: NOW },
    ])).json()) as { accepted: number; rejected: { line: number; reason: string }[] };
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([
      { line: 2, reason: 'phone 13900139000 is noted for 2 customers (wmPhoneA, wmPhoneB): name the customer by externalUserId' },
      { line: 3, reason: 'no known customer with phone 13700137000' },
      { line: 4, reason: expect.stringContaining('exactly one of externalUserId, unionId and phone') },
    ]);
    expect(await database.db.customerOrder.findUniqueOrThrow({ where: { orderId: 'p-1' } })).toMatchObject({ externalUserId: 'wmPhoneA', amountFen: 8800 });

    // The salesperson removed the number in WeCom: the next fetch forgets it.
    await contacts.saveSnapshot({ customer: { externalUserId: 'wmPhoneB', name: '孙女士', type: 1, gender: 2 }, followers: [{ userId: 'sales.wang', tagIds: [], remarkMobiles: [] }] }, at);
    const after = (await (await importOrders([{ orderId: 'p-5', phone: '139 0013 9000', amount: 5, orderedAt: NOW }])).json()) as { accepted: number };
    expect(after.accepted).toBe(1);
    expect(await database.db.customerOrder.findUniqueOrThrow({ where: { orderId: 'p-5' } })).toMatchObject({ externalUserId: 'wmPhoneA' });
  });

  it("should read the customer's value with average order, repurchase and RFM, and 404 without orders", async () => {
    const value = await fetch(`${app.baseUrl}/api/admin/customers/${CUSTOMER}/value`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(value.status).toBe(200);
    // 2999.5 + 1000 + 1200 + 100 yuan over 4 orders, the last today: recent, frequent-ish, past the 1:1 line.
    expect(await value.json()).toEqual({
      externalUserId: CUSTOMER,
      totalSpend: 5299.5,
      annualSpend: 5299.5,
      orderCount: 4,
      averageOrder: 1324.88,
      firstOrderAt: NOW - 30 * 86_400,
      lastOrderAt: NOW,
      repurchased: true,
      valueLayer: 'high',
      highValue: true,
      rfm: { recency: 5, frequency: 4, monetary: 5, code: '545' },
    });
    const none = await fetch(`${app.baseUrl}/api/admin/customers/wmNobody0000000/value`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(none.status).toBe(404);
  });
});
