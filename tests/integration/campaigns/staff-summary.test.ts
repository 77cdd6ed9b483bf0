/**
 * The daily staff summary: at the campaign's summary time, yesterday's numbers go once
 * to the internal group's robot (webhook/send?key=, mocked with nock), whichever worker
 * runs the schedule and however often.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES } from '../../../src/domain/campaign/campaign.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db.ts';

const API = 'http://wecom-robot.test';
const KEY = 'robot-key-0123456789';
/** 09:05 Shanghai on Dec 3, 2026: day 2's summary is due. */
const NOW = new Date(Date.UTC(2026, 11, 3, 1, 5));

describe('daily staff summary', () => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await startTestApp({ databaseUrl: database.url, roles: [], clock: fixedClock(NOW), env: { WECOM_API_BASE: API } });
    const campaign = await app.container.checkIns.campaigns.create({
      name: '7天打卡',
      chatIds: ['wrGroup'],
      startDate: '2026-12-01',
      days: 7,
      timezone: 'Asia/Shanghai',
      rules: { ...DEFAULT_CAMPAIGN_RULES, reminders: [], summaryWebhookKey: KEY, summaryTime: '09:00' },
    });
    const { ledger, roster } = app.container.checkIns;
    await roster.seen(['wmA0000001', 'wmB0000002', 'wmC0000003', 'wmD0000004'].map((memberKey) => ({ chatId: 'wrGroup', memberKey, displayName: memberKey })));
    for (const [memberKey, day] of [['wmA0000001', 1], ['wmA0000001', 2], ['wmB0000002', 2], ['wmC0000003', 1]] as const) {
      await ledger.record({ campaignId: campaign.id, memberKey, chatId: 'wrGroup', day, makeUp: false, messageKey: `archive-${memberKey}-${day}`, at: Math.floor(NOW.getTime() / 1000) - 86_400, awards: [{ cause: `day${day}`, points: 10 }] });
    }
  });

  afterAll(async () => {
    nock.cleanAll();
    await app?.close();
    await database?.drop();
  });

  it("should post yesterday's participation once to the robot", async () => {
    const posted: unknown[] = [];
    const robot = nock(API).post('/cgi-bin/webhook/send', (body) => Boolean(posted.push(body))).query({ key: KEY }).reply(200, { errcode: 0, errmsg: 'ok' });
    const task = app.container.maintenanceTasks.find((t) => t.name === 'campaign-schedule')!;
    await task.run();
    await task.run();
    expect(robot.isDone()).toBe(true);
    expect(posted).toEqual([{ msgtype: 'text', text: { content: '【7天打卡】第2天小结：在群4人，打卡2人（50%），进群0、退群0；开营4人留存100%，全勤1人，累计发放40分' } }]);
  });
});
