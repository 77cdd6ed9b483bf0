/**
 * GET /api/admin/dashboard/breakdown and /dashboard/campaigns through the real Koa app on
 * SQLite and PostgreSQL. The corp is seeded relative to now (the app's clock), so some
 * relations have had their 30 or 60 days and some have not; every number is worked out by
 * hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCampaignRepo } from '../../../src/db/campaign-repo.ts';
import { SqlCheckInLedger } from '../../../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../../../src/db/group-roster-repo.ts';
import { DEFAULT_CAMPAIGN_RULES } from '../../../src/domain/campaign/campaign.ts';
import type { Breakdown } from '../../../src/domain/metrics/breakdown.ts';
import { dayDate } from '../../../src/domain/metrics/dashboard.ts';
import { startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const HOUR = 3600;
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);
const chinaDay = (t: number) => Math.floor((t + 8 * HOUR) / DAY);
/** Shanghai midnight starting the day 70 days ago: the range runs from it to today. */
const A = chinaDay(NOW - 70 * DAY) * DAY - 8 * HOUR;
const RANGE = `from=${dayDate(chinaDay(A))}&to=${dayDate(chinaDay(NOW))}`;

/**
 * r1 li/c1 via 直播间 (state live), added A+1h, li wrote 1 h later; c1 ordered 100 yuan at
 * A+29d (within 30 days) and wrote to zhao (not his salesperson: no reply for anyone).
 * r2 wang/c2 via live, added A+2h; c2 wrote to wang; ordered 200 yuan exactly 30 days
 * after the add (outside 30 days, inside 60). r3 li/c3 via shop (no Channel row), added
 * A+3h; ordered 50 yuan a second before the add (served by nobody then, converts nothing).
 * r4 zhao/c4 no channel, added 45 days ago, ordered 80 yuan a day later (30 days passed,
 * 60 not). r5 zhao/c5 no channel, added 10 days ago (neither passed). r6 li/c6 via live,
 * added 5 days ago, removed li a day later (churn).
 */
async function seed(db: TestDatabase['db']): Promise<void> {
  await db.channel.create({ data: { name: '直播间', state: 'live', userIds: '["sales.li","sales.wang"]' } });
  const relation = (userId: string, externalUserId: string, state: string | null, addedAt: number, removedByCustomerAt?: number) =>
    db.followRelation.create({
      data: { userId, externalUserId, state, addedAt, status: removedByCustomerAt ? 'removed_by_customer' : 'active', statusChangedAt: removedByCustomerAt ?? addedAt, removedByCustomerAt: removedByCustomerAt ?? null },
    });
  await relation('sales.li', 'c1', 'live', A + HOUR);
  await relation('sales.wang', 'c2', 'live', A + 2 * HOUR);
  await relation('sales.li', 'c3', 'shop', A + 3 * HOUR);
  await relation('sales.zhao', 'c4', null, NOW - 45 * DAY);
  await relation('sales.zhao', 'c5', null, NOW - 10 * DAY);
  await relation('sales.li', 'c6', 'live', NOW - 5 * DAY, NOW - 4 * DAY);

  let n = 0;
  const message = (externalUserId: string, userId: string, direction: 'in' | 'out', sentAt: number) =>
    db.chatMessage.create({ data: { messageKey: `archive:b${++n}`, source: 'archive', externalUserId, userId, direction, msgType: 'text', text: '…', sentAt } });
  await message('c1', 'sales.li', 'out', A + 2 * HOUR);
  await message('c1', 'sales.zhao', 'in', A + 5 * DAY);
  await message('c2', 'sales.wang', 'in', A + 6 * DAY);

  const order = (orderId: string, externalUserId: string, amountFen: number, orderedAt: number) =>
    db.customerOrder.create({ data: { orderId, externalUserId, amountFen, orderedAt } });
  await order('b1', 'c1', 10_000, A + HOUR + 29 * DAY);
  await order('b2', 'c2', 20_000, A + 2 * HOUR + 30 * DAY);
  await order('b3', 'c3', 5_000, A + 3 * HOUR - 1);
  await order('b4', 'c4', 8_000, NOW - 44 * DAY);
}

const row = (key: string, name: string | null, counts: Partial<Breakdown['rows'][number]>) => ({
  key,
  name,
  added: 0,
  lost: 0,
  firstContact24h: 0,
  firstContactRate: null,
  served: 0,
  repliers: 0,
  replyRate: null,
  orders: 0,
  revenue: 0,
  matured30: 0,
  converted30: 0,
  conversion30: null,
  matured60: 0,
  converted60: 0,
  conversion60: null,
  ...counts,
});

/** Day 1 is three China days ago, so today is day 4 of 7. */
async function seedCampaigns(sql: TestDatabase['connection']['sql']): Promise<number> {
  const campaigns = new SqlCampaignRepo(sql);
  const base = { chatIds: ['wrB1'], startDate: dayDate(chinaDay(NOW) - 3), days: 7, timezone: 'Asia/Shanghai', rules: DEFAULT_CAMPAIGN_RULES };
  const active = await campaigns.create({ ...base, name: '21天早餐打卡' });
  const archived = await campaigns.create({ ...base, name: '旧活动' });
  await campaigns.update(archived.id, { status: 'archived' });
  const start = (chinaDay(NOW) - 3) * DAY - 8 * HOUR;
  const roster = new SqlGroupRoster(sql);
  const ledger = new SqlCheckInLedger(sql);
  await roster.joined('wrB1', [{ memberKey: 'm1', displayName: '王姐' }, { memberKey: 'm2', displayName: '李姐' }], start - 5 * DAY);
  await roster.left('wrB1', ['m2'], start + 1.2 * DAY);
  await roster.joined('wrB1', [{ memberKey: 'm3', displayName: '周姐' }], start + 1.5 * DAY);
  for (const [memberKey, day] of [['m1', 1], ['m2', 1], ['m1', 2], ['m1', 3], ['m3', 3]] as const) {
    await ledger.record({ campaignId: active.id, memberKey, chatId: 'wrB1', day, makeUp: false, messageKey: `b:${memberKey}:${day}`, at: start + (day - 1) * DAY + 9 * HOUR, awards: [{ cause: `day${day}`, points: 10 }] });
  }
  return active.id;
}

describe.each(PROVIDERS)('admin API dashboard breakdown (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;
  let campaignId: number;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await seed(database.db);
    campaignId = await seedCampaigns(database.connection.sql);
    app = await startAdminApp(database, { token: 'test-admin-token-0123456789abcdef' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should break the range down per channel, with 30- and 60-day conversion only over relations whose days have passed', async () => {
    const response = await app.request('GET', `/api/admin/dashboard/breakdown?by=channel&${RANGE}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Breakdown;
    expect(body).toMatchObject({ by: 'channel', timeZone: 'Asia/Shanghai' });
    expect(body.rows).toEqual([
      row('live', '直播间', {
        added: 3, lost: 1, firstContact24h: 1, firstContactRate: 1 / 3, served: 3, repliers: 1, replyRate: 1 / 3, orders: 2, revenue: 300,
        matured30: 2, converted30: 1, conversion30: 0.5, matured60: 2, converted60: 2, conversion60: 1,
      }),
      row('', null, { added: 2, firstContactRate: 0, served: 2, replyRate: 0, orders: 1, revenue: 80, matured30: 1, converted30: 1, conversion30: 1 }),
      row('shop', null, { added: 1, firstContactRate: 0, served: 1, replyRate: 0, matured30: 1, conversion30: 0, matured60: 1, conversion60: 0 }),
    ]);
  });

  it('should break the range down per salesperson, crediting replies only to the salesperson written to', async () => {
    const body = (await (await app.request('GET', `/api/admin/dashboard/breakdown?by=salesperson&${RANGE}`)).json()) as Breakdown;
    expect(body.rows).toEqual([
      row('sales.li', null, {
        added: 3, lost: 1, firstContact24h: 1, firstContactRate: 1 / 3, served: 3, repliers: 0, replyRate: 0, orders: 1, revenue: 100,
        matured30: 2, converted30: 1, conversion30: 0.5, matured60: 2, converted60: 1, conversion60: 0.5,
      }),
      row('sales.zhao', null, { added: 2, firstContactRate: 0, served: 2, replyRate: 0, orders: 1, revenue: 80, matured30: 1, converted30: 1, conversion30: 1 }),
      row('sales.wang', null, {
        added: 1, firstContactRate: 0, served: 1, repliers: 1, replyRate: 1, orders: 1, revenue: 200, matured30: 1, conversion30: 0, matured60: 1, converted60: 1, conversion60: 1,
      }),
    ]);
  });

  it('should answer no rows for a quiet range and 400 for a bad dimension or range', async () => {
    const quiet = (await (await app.request('GET', '/api/admin/dashboard/breakdown?by=channel&from=2020-01-01&to=2020-01-31')).json()) as Breakdown;
    expect(quiet.rows).toEqual([]);
    const badBy = await app.request('GET', `/api/admin/dashboard/breakdown?by=group&${RANGE}`);
    expect(badBy.status).toBe(400);
    expect(((await badBy.json()) as { message: string }).message).toMatch(/^by: /);
    const reversed = await app.request('GET', '/api/admin/dashboard/breakdown?by=channel&from=2024-06-03&to=2024-06-01');
    expect(((await reversed.json()) as { message: string }).message).toMatch(/from: must not be after to/);
    expect((await app.request('GET', `/api/admin/dashboard/breakdown?by=channel&${RANGE}`, { token: null })).status).toBe(401);
  });

  it("should answer each active campaign's retention and average daily participation from its health report", async () => {
    // Present and checked in per day: d1 m1 m2 → 2/2; d2 m1 m2 (left that day) m3 (joined) → 1/3;
    // d3 m1 m3 → 2/2; d4 (today) → 0/2. Mean (1 + 0.3333 + 1 + 0) / 4; of m1 m2 at the start, m1 stayed.
    const response = await app.request('GET', '/api/admin/dashboard/campaigns');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      campaigns: [
        { campaignId, name: '21天早餐打卡', startDate: dayDate(chinaDay(NOW) - 3), days: 7, groups: 1, members: 3, atStart: 2, stillIn: 1, retention: 0.5, averageParticipation: 0.5833, completionRate: 0.5 },
      ],
    });
  });
});
