/**
 * GET /api/admin/dashboard through the real Koa app and SqlDashboardQueries on SQLite and
 * PostgreSQL, over a seeded corp whose every number is worked out by hand below: adds and
 * first contact per day, churn, reply rate over served customers, orders and revenue with
 * China-day edges, repurchase, the top-15% share, stages and loads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../src/domain/metrics/dashboard.ts';
import { startAdminApp, type AdminTestApp } from '../../helpers/admin-app.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const HOUR = 3600;
const DAY = 86_400;
/** 2024-06-01 00:00 in Shanghai. */
const D0 = Date.UTC(2024, 5, 1) / 1000 - 8 * HOUR;
const RANGE = '/api/admin/dashboard?from=2024-06-01&to=2024-06-03';

/**
 * Relations (user/customer: added, fate) and what they count for:
 * li/wmA June 1 10:00, li wrote 2 h later → contacted. li/wmB June 1 23:00, li wrote 25 h
 * later → not; wmB removed li June 3 → lost, still served. wang/wmA June 2 (only li had
 * written) → not. wang/wmC June 2 03:00, wang wrote exactly 24 h later → contacted.
 * li/wmD before the range → served. zhao/wmE removed before the range → not served.
 * zhao/wmF after the range → not served, not added. li/wmG pending → load only.
 */
async function seed(db: TestDatabase['db']): Promise<void> {
  const relation = (userId: string, externalUserId: string, addedAt: number, fate: { status?: string; removedByCustomerAt?: number } = {}) =>
    db.followRelation.create({
      data: { userId, externalUserId, addedAt, status: fate.status ?? 'active', statusChangedAt: fate.removedByCustomerAt ?? addedAt, removedByCustomerAt: fate.removedByCustomerAt ?? null },
    });
  await relation('sales.li', 'wmA', D0 + 10 * HOUR);
  await relation('sales.li', 'wmB', D0 + 23 * HOUR, { status: 'removed_by_customer', removedByCustomerAt: D0 + 2 * DAY + 5 * HOUR });
  await relation('sales.wang', 'wmA', D0 + DAY + HOUR);
  await relation('sales.wang', 'wmC', D0 + DAY + 3 * HOUR);
  await relation('sales.li', 'wmD', D0 - 10 * DAY);
  await relation('sales.zhao', 'wmE', D0 - 20 * DAY, { status: 'removed_by_customer', removedByCustomerAt: D0 - 2 * DAY });
  await relation('sales.zhao', 'wmF', D0 + 5 * DAY);
  await relation('sales.li', 'wmG', D0 - DAY, { status: 'pending' });

  let n = 0;
  const message = (externalUserId: string, userId: string, direction: 'in' | 'out', sentAt: number, chatId: string | null = null) =>
    db.chatMessage.create({ data: { messageKey: `archive:m${++n}`, source: 'archive', externalUserId, userId, direction, msgType: 'text', text: '…', sentAt, chatId } });
  await message('wmA', 'sales.li', 'out', D0 + 12 * HOUR);
  await message('wmB', 'sales.li', 'out', D0 + 48 * HOUR);
  await message('wmA', 'sales.li', 'out', D0 + DAY + 2 * HOUR);
  await message('wmC', 'sales.wang', 'out', D0 + DAY + 27 * HOUR);
  // Repliers: wmA June 1 and 2, wmD twice on June 2; wmE is not served, wmB wrote in a group, wmC before the range.
  await message('wmA', 'sales.li', 'in', D0 + 11 * HOUR);
  await message('wmA', 'sales.li', 'in', D0 + DAY + 5 * HOUR);
  await message('wmD', 'sales.li', 'in', D0 + DAY + 6 * HOUR);
  await message('wmD', 'sales.li', 'in', D0 + DAY + 7 * HOUR);
  await message('wmE', 'sales.zhao', 'in', D0 + 3 * HOUR);
  await message('wmB', 'sales.li', 'in', D0 + 2 * DAY + HOUR, 'wrGroup1');
  await message('wmC', 'sales.wang', 'in', D0 - HOUR);

  const order = (orderId: string, externalUserId: string, amountFen: number, orderedAt: number) =>
    db.customerOrder.create({ data: { orderId, externalUserId, amountFen, orderedAt } });
  await order('o1', 'wmA', 10_000, D0 + HOUR);
  await order('o2', 'wmA', 5_000, D0 + DAY + HOUR);
  await order('o3', 'wmB', 30_000, D0 + DAY + 2 * HOUR);
  await order('o4', 'wmC', 2_000, D0 + 2 * DAY);
  // The last second of June 3 in Shanghai is in; the first of June 4 and the last of May 31 are not.
  await order('o5', 'wmD', 3_000, D0 + 3 * DAY - 1);
  await order('o6', 'wmE', 99_900, D0 + 3 * DAY);
  await order('o7', 'wmE', 99_900, D0 - 1);

  for (const [externalUserId, stage] of [['wmA', 'stable'], ['wmB', 'lost'], ['wmC', 'new'], ['wmD', 'breaking_in'], ['wmE', 'lost']] as const) {
    await db.customerLifecycle.create({ data: { externalUserId, stage, since: D0 } });
  }
}

describe.each(PROVIDERS)('admin API dashboard (%s)', (provider) => {
  let database: TestDatabase;
  let app: AdminTestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await seed(database.db);
    app = await startAdminApp(database, { token: 'test-admin-token-0123456789abcdef' });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('should answer every metric per China day and in total for the seeded corp', async () => {
    const response = await app.request('GET', RANGE);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      from: '2024-06-01',
      to: '2024-06-03',
      timeZone: 'Asia/Shanghai',
      days: [
        { date: '2024-06-01', added: 2, lost: 0, firstContact24h: 1, repliers: 1, orders: 1, revenue: 100 },
        { date: '2024-06-02', added: 2, lost: 0, firstContact24h: 1, repliers: 2, orders: 2, revenue: 350 },
        { date: '2024-06-03', added: 0, lost: 1, firstContact24h: 0, repliers: 0, orders: 2, revenue: 50 },
      ],
      totals: {
        added: 4,
        lost: 1,
        firstContact24h: 2,
        firstContactRate: 0.5,
        served: 4,
        repliers: 2,
        replyRate: 0.5,
        orders: 5,
        revenue: 500,
        averageOrderValue: 100,
        buyers: 4,
        repeatBuyers: 1,
        repurchaseRate: 0.25,
        topCustomerPercent: 15,
        topRevenueShare: 0.6,
      },
      stages: { new: 1, breaking_in: 1, stable: 1, declining: 0, lapsed: 0, lost: 2 },
      cap: 5000,
      loads: [
        { userId: 'sales.li', customers: 3, capShare: 3 / 5000 },
        { userId: 'sales.wang', customers: 2, capShare: 2 / 5000 },
        { userId: 'sales.zhao', customers: 1, capShare: 1 / 5000 },
      ],
    });
  });

  it('should answer zero days and null rates, and count as served a relation removed after the start, for a quiet range', async () => {
    // May 25–26: wmD (added May 22) is served, and so is wmE (removed May 30); nobody wrote or bought.
    const response = await app.request('GET', '/api/admin/dashboard?from=2024-05-25&to=2024-05-26');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Dashboard;
    expect(body.days).toEqual([
      { date: '2024-05-25', added: 0, lost: 0, firstContact24h: 0, repliers: 0, orders: 0, revenue: 0 },
      { date: '2024-05-26', added: 0, lost: 0, firstContact24h: 0, repliers: 0, orders: 0, revenue: 0 },
    ]);
    expect(body.totals).toMatchObject({ served: 2, replyRate: 0, orders: 0, averageOrderValue: null, repurchaseRate: null, topRevenueShare: null, firstContactRate: null });
  });

  it('should answer null rates when nobody was served', async () => {
    const body = (await (await app.request('GET', '/api/admin/dashboard?from=2023-01-01&to=2023-01-01')).json()) as Dashboard;
    expect(body.totals).toMatchObject({ served: 0, repliers: 0, replyRate: null });
  });

  it.each([
    ['from=2024-06-01', /to: /],
    ['from=2024-06-03&to=2024-06-01', /from: must not be after to/],
    ['from=2024-02-30&to=2024-03-01', /from: must be a real date/],
    ['from=2024/06/01&to=2024-06-03', /from: must be a date YYYY-MM-DD/],
    ['from=2023-01-01&to=2024-01-02', /to: the range is at most 366 days/],
    ['from=2024-06-01&to=2024-06-03&userId=x', /userId: unknown field/],
  ])('should answer 400 naming the problem for %s', async (query, message) => {
    const response = await app.request('GET', `/api/admin/dashboard?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body).toMatchObject({ ok: false, error: 'invalid_input' });
    expect(body.message).toMatch(message);
  });

  it('should answer 401 without the admin token', async () => {
    expect((await app.request('GET', RANGE, { token: null })).status).toBe(401);
  });
});
