/**
 * The bot as a message source, through the real app (bot role on wechaty-puppet-mock,
 * worker, Redis, SQLite; WeCom's mark_tag mocked with nock): a customer writes to the
 * bot's account, and the message is stored, classified, tagged by a rule and turned into
 * one task for the salesperson serving that customer. The bot's own replies are stored as
 * outbound and not classified.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { SqlContactRepo } from '../../../src/db/contact-repo.ts';
import { PrismaCorpTagStore } from '../../../src/db/corp-tag-repo.ts';
import { PrismaTagRuleRepo } from '../../../src/db/tag-rule-repo.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { FIXTURE_CORP_ID } from '../../fixtures/wecom/events.ts';
import { startTestApp, waitUntil, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const NOW = 1717000000;
const API = 'http://wecom-bot.test';

describe('bot message journey', () => {
  let database: TestDatabase;
  let app: TestApp;
  const mocker = new mock.Mocker();
  const marks: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({
      databaseUrl: database.url,
      roles: ['worker', 'bot'],
      clock: fixedClock(new Date(NOW * 1000)),
      env: { WECOM_API_BASE: API, WECOM_CONTACT_SECRET: 'contact-secret' },
      botPuppet: new PuppetMock({ mocker }),
    });
    const stale = await app.container.redis.keys(`wecom:${FIXTURE_CORP_ID}:*`);
    if (stale.length > 0) await app.container.redis.del(...stale);
    nock(API).persist().get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN', expires_in: 7200 });
    nock(API).persist().post('/cgi-bin/externalcontact/mark_tag', (body) => Boolean(marks.push(body))).query(true).reply(200, { errcode: 0, errmsg: 'ok' });
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.container.eventQueue.queue.obliterate({ force: true });
    await app?.close();
    await database?.drop();
  });

  it('should store, classify, tag and task a customer message the bot sees, once', async () => {
    const botUser = mocker.createContact({ name: '小王助手' });
    mocker.login(botUser);
    const customer = mocker.createContact({ name: '陈女士' });
    // The customer is known as this id and served by sales.li; a rule tags referrals.
    await new SqlContactRepo(database.connection.sql).setRelationState('sales.li', customer.id, { status: 'active', statusChangedAt: NOW - 100 });
    await new PrismaCorpTagStore(database.db).replaceAll(
      [{ groupId: 'etG', name: '信号', order: 0, tags: [{ tagId: 'etReferral', groupId: 'etG', name: '转介绍', order: 0 }] }],
      new Date(NOW * 1000),
    );
    await new PrismaTagRuleRepo(database.db).create({ name: '转介绍', enabled: true, trigger: { type: 'intent', intents: ['referral'] }, addTagIds: ['etReferral'], removeTagIds: [] });

    customer.say('我同事看到了也想要一盒，问这是什么牌子').to(botUser);
    botUser.say('好的，我把购买链接发您').to(customer);

    await waitUntil(async () => (await database.db.chatMessage.count({ where: { classifiedAt: { not: null } } })) === 1, 15_000, 'the classified message');
    await waitUntil(async () => (await database.db.salesTask.count({ where: { scene: 'friends_family' } })) === 1, 15_000, 'the task');
    const messages = await database.db.chatMessage.findMany({ orderBy: { direction: 'asc' } });
    expect(messages.map((m) => [m.source, m.direction, m.externalUserId, m.intent])).toEqual([
      ['bot', 'in', customer.id, 'referral'],
      ['bot', 'out', customer.id, null],
    ]);
    expect(await database.db.salesTask.findFirstOrThrow({ where: { scene: 'friends_family' } })).toMatchObject({ userId: 'sales.li', externalUserId: customer.id });
    await waitUntil(async () => marks.length === 1, 15_000, 'the mark_tag call');
    expect(marks).toEqual([{ userid: 'sales.li', external_userid: customer.id, add_tag: ['etReferral'], remove_tag: [] }]);
  });
});
