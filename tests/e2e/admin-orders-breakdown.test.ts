/**
 * The console's order upload and the dashboard's breakdown tables, end to end: the built
 * page served by the real app, in Chromium. The admin uploads a CSV (BOM, CRLF, a quoted
 * field with a comma) holding one bad row and one already-imported order, sees the counts
 * and the bad row's reason against its CSV line, and the orders land in the database; then
 * reads the dashboard per salesperson and per channel, sorted by a column.
 * Screenshots: __screenshots__/admin-orders-upload.png, admin-dashboard-breakdown.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { FIXTURE_NOW_MS, startSidebarWorld, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const NOW = FIXTURE_NOW_MS / 1000;
const HOUR = 3600;
const DAY = 86_400;

/** Adds over the last days: 直播间 (state live) brings three, a shop code two, and one came with no code. */
async function seed(db: SidebarWorld['database']['db']): Promise<void> {
  await db.channel.create({ data: { name: '直播间', state: 'live', userIds: '["sales.li","sales.wang"]' } });
  await db.channel.create({ data: { name: '门店扫码', state: 'shop', userIds: '["sales.wang"]' } });
  const relations: [string, string, string | null, number][] = [
    ['sales.li', 'wmE2eA', 'live', 3],
    ['sales.li', 'wmE2eB', 'live', 2],
    ['sales.wang', 'wmE2eC', 'live', 2],
    ['sales.wang', 'wmE2eD', 'shop', 5],
    ['sales.wang', 'wmE2eE', 'shop', 1],
    ['sales.zhao', 'wmE2eF', null, 4],
  ];
  for (const [userId, externalUserId, state, daysAgo] of relations) {
    const addedAt = NOW - daysAgo * DAY;
    await db.followRelation.create({ data: { userId, externalUserId, state, addedAt, status: 'active', statusChangedAt: addedAt } });
    await db.chatMessage.create({ data: { messageKey: `archive:e2e-${externalUserId}`, source: 'archive', externalUserId, userId, direction: 'out', msgType: 'text', text: '您好', sentAt: addedAt + HOUR } });
  }
  await db.customerOrder.create({ data: { orderId: 'E2E-DUP', externalUserId: 'wmE2eB', amountFen: 10_000, orderedAt: NOW - DAY } });
}

/** Line 4 has an amount that is not a number; line 3 was imported before; line 5 quotes a comma. */
const CSV = [
  '\uFEFForderId,externalUserId,unionId,amount,orderedAt,channel,items',
  'E2E-1,wmE2eA,,299.00,2026-11-22 10:30,天猫旗舰店,"胶原蛋白饮×2;面膜×1"',
  'E2E-DUP,wmE2eB,,100,2026-11-22 09:00,小程序,',
  'E2E-3,wmE2eC,,十九块九,2026-11-22 11:00,小程序,面膜×1',
  'E2E-4,wmE2eD,,59.9,1795312800,门店,"礼盒, 大号×1"',
].join('\r\n');

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  await seed(world.database.db);
});

afterAll(async () => {
  await world?.close();
  await browser?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
});

afterEach(async () => {
  await context.close();
});

async function openSignedIn(path: string): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXTURE_NOW_MS);
  await page.goto(`${world.app.baseUrl}${path}`);
  await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

describe('admin console: orders and breakdowns', () => {
  it('should upload a CSV of orders, keep the good rows and show the bad row by its CSV line with the reason', async () => {
    const page = await openSignedIn('/admin/#/orders');
    await page.getByRole('heading', { name: '订单导入' }).waitFor();
    await page.getByLabel('选择 CSV 文件').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => page.locator('.upload-row .muted').textContent()).toBe('orders.csv：4 行订单');
    await page.getByRole('button', { name: '导入' }).click();

    const kpi = (label: string) => page.locator('.kpi', { hasText: label }).locator('.kpi-value').textContent();
    await expect.poll(() => kpi('导入成功')).toBe('2');
    expect(await kpi('重复（此前已导入）')).toBe('1');
    expect(await kpi('被拒绝')).toBe('1');
    const rejected = page.locator('.import-result .table tbody tr');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.locator('td').first().textContent()).toBe('第 4 行');
    expect(await rejected.locator('td').nth(1).textContent()).toMatch(/^amount: /);

    const stored = await world.database.db.customerOrder.findMany({ where: { orderId: { startsWith: 'E2E-' } }, orderBy: { orderId: 'asc' } });
    expect(stored.map((o) => [o.orderId, o.externalUserId, o.amountFen, o.orderedAt, o.channel, JSON.parse(o.items) as unknown])).toEqual([
      ['E2E-1', 'wmE2eA', 29_900, Date.UTC(2026, 10, 22, 2, 30) / 1000, '天猫旗舰店', [{ name: '胶原蛋白饮', quantity: 2 }, { name: '面膜', quantity: 1 }]],
      ['E2E-4', 'wmE2eD', 5_990, 1795312800, '门店', [{ name: '礼盒, 大号', quantity: 1 }]],
      ['E2E-DUP', 'wmE2eB', 10_000, NOW - DAY, null, []],
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-orders-upload.png'), fullPage: true });
  });

  it('should show the dashboard per salesperson and per channel, sortable by a column', async () => {
    const page = await openSignedIn('/admin/');
    const table = page.getByTestId('breakdown').locator('table');
    await table.waitFor();
    const firstColumn = () => table.locator('tbody tr td:first-child').allTextContents();
    // Most adds first: wang 3, li 2, zhao 1.
    expect(await firstColumn()).toEqual(['sales.wang', 'sales.li', 'sales.zhao']);

    await page.getByRole('button', { name: '按渠道' }).click();
    await expect.poll(firstColumn).toEqual(['直播间', '门店扫码', '（无渠道码）']);
    const live = table.locator('tbody tr', { hasText: '直播间' }).locator('td');
    // 直播间: 3 added, all written to within an hour; orders E2E-1 (299) and E2E-DUP (100) from its customers.
    expect(await live.nth(1).textContent()).toBe('3');
    expect(await live.nth(3).textContent()).toBe('100.0%');
    expect(await live.nth(5).textContent()).toBe('2');

    await table.getByRole('columnheader', { name: '销售额' }).click();
    await table.getByRole('columnheader', { name: '销售额' }).click();
    // Ascending: no-code 0, 门店扫码 59.9, 直播间 399.
    await expect.poll(firstColumn).toEqual(['（无渠道码）', '门店扫码', '直播间']);
    expect(await page.locator('.card', { hasText: '社群打卡（进行中的活动）' }).locator('.empty').textContent()).toBe('没有进行中的打卡活动');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-breakdown.png'), fullPage: true });
  });
});
