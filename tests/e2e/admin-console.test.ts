/**
 * The admin console end to end: the built page (sidebar/dist-admin) served by the real
 * app at /admin/, in Chromium at desktop size. The admin signs in with the token (kept
 * only as an HttpOnly cookie), sees the dashboard drawn from seeded data, and creates a
 * welcome flow (inline errors, live preview) and a channel (WeCom's add_contact_way is
 * nock). Screenshots go to __screenshots__/admin-*.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { FIXTURE_NOW_MS, FIXTURE_SALESPERSON, startSidebarWorld, WECOM_API, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const QR_URL = 'https://wework.qpic.cn/wwpic/e2e-channel-qr/0';
const NOW = FIXTURE_NOW_MS / 1000;
const HOUR = 3600;
const DAY = 86_400;

const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges"><rect width="21" height="21" fill="#fff"/><path d="M1 1h7v7H1zM13 1h7v7h-7zM1 13h7v7H1z" fill="none" stroke="#000" stroke-width="1.4"/><path d="M10 2h1v3h-1zM10 10h3v1h-3zM15 12h2v2h-2zM11 15h4v1h-4zM18 17h2v3h-2z"/></svg>';

/** Ten days of a small corp: adds, first replies, customer messages, orders, one churn; stages and loads. */
async function seedActivity(db: SidebarWorld['database']['db']): Promise<void> {
  const sales = [FIXTURE_SALESPERSON, 'sales.wang', 'sales.zhao'];
  let n = 0;
  for (let d = 9; d >= 0; d--) {
    for (let i = 0; i < 3 + ((d * 7) % 5); i++) {
      const externalUserId = `wmDash${d}x${i}`;
      const userId = sales[(d + i) % sales.length]!;
      const addedAt = NOW - d * DAY - (i + 1) * HOUR;
      const churned = d === 4 && i === 0;
      await db.followRelation.create({
        data: { userId, externalUserId, addedAt, status: churned ? 'removed_by_customer' : 'active', statusChangedAt: addedAt, removedByCustomerAt: churned ? addedAt + 5 * HOUR : null },
      });
      if (i % 3 !== 2) {
        await db.chatMessage.create({ data: { messageKey: `archive:dash${++n}`, source: 'archive', externalUserId, userId, direction: 'out', msgType: 'text', text: '您好', sentAt: addedAt + HOUR } });
      }
      if (i % 2 === 0) {
        await db.chatMessage.create({ data: { messageKey: `archive:dash${++n}`, source: 'archive', externalUserId, userId, direction: 'in', msgType: 'text', text: '在吗', sentAt: addedAt + 2 * HOUR } });
      }
      if (i % 2 === 1) {
        await db.customerOrder.create({ data: { orderId: `dash-${d}-${i}`, externalUserId, amountFen: 19_900 + 10_000 * ((d + i) % 4), orderedAt: addedAt + 3 * HOUR } });
      }
      await db.customerLifecycle.create({ data: { externalUserId, stage: churned ? 'lost' : ['new', 'breaking_in', 'stable', 'declining'][(d + i) % 4]!, since: addedAt } });
    }
  }
}

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;
let contactWayCalls: { state: string; user: string[]; remark: string }[];

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  contactWayCalls = [];
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/add_contact_way', (body: { state: string; user: string[]; remark: string }) => Boolean(contactWayCalls.push(body)))
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok', config_id: 'e2e-config-1', qr_code: QR_URL });
  await seedActivity(world.database.db);
});

afterAll(async () => {
  await world?.close();
  await browser?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.route('https://wework.qpic.cn/**', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: QR_SVG }));
});

afterEach(async () => {
  await context.close();
});

async function open(path = '/admin/'): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXTURE_NOW_MS);
  await page.goto(`${world.app.baseUrl}${path}`);
  return page;
}

async function signIn(page: Page, token = ADMIN_TOKEN): Promise<void> {
  await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(token);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('admin console', () => {
  it('should refuse a wrong token inline, then sign in keeping the token only as an HttpOnly SameSite=Strict cookie, and sign out', async () => {
    const page = await open();
    await signIn(page, 'not-the-admin-token-0000');
    await expect.poll(() => page.locator('.field-error[data-field="token"]').textContent()).toBe('令牌不正确');

    await signIn(page);
    await page.getByRole('heading', { name: '数据看板' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: 'scrm_admin', httpOnly: true, sameSite: 'Strict', path: '/api/admin' })]);
    // Runs in the page: the root tsconfig has no DOM types.
    const stored = await page.evaluate(() => {
      const { localStorage, sessionStorage } = globalThis as unknown as Record<'localStorage' | 'sessionStorage', Record<string, string>>;
      return JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    });
    expect(stored).not.toContain(ADMIN_TOKEN);

    await page.reload();
    await page.getByRole('heading', { name: '数据看板' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await context.cookies()).toEqual([]);
  });

  it('should draw the dashboard from the seeded data', async () => {
    const page = await open();
    await signIn(page);
    await page.locator('.uplot canvas').nth(2).waitFor();
    expect(await page.locator('.uplot').count()).toBe(3);
    const body = (await (await fetch(`${world.app.baseUrl}/api/admin/dashboard?from=2026-10-25&to=2026-11-23`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      totals: { added: number; orders: number };
    };
    expect(body.totals.added).toBeGreaterThan(30);
    const kpi = (label: string) => page.locator('.kpi', { hasText: label }).locator('.kpi-value').textContent();
    expect(await kpi('新增客户')).toBe(String(body.totals.added));
    expect(await kpi('订单数')).toBe(String(body.totals.orders));
    expect(await page.locator('.uplot .u-title').allTextContents()).toEqual(['新增与流失客户（每日）', '24 小时内首次沟通与回复客户（每日）', '订单与销售额（每日）']);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard.png'), fullPage: true });
  });

  it('should create a welcome flow with inline errors and a live preview', async () => {
    const page = await open('/admin/#/welcome-flows');
    await signIn(page);
    await page.getByRole('heading', { name: '新建欢迎语' }).waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="name"]').textContent()).toBe('必填');

    await page.getByLabel('名称').fill('直播间新客');
    await page.getByLabel('欢迎语内容').fill('{customer}您好，我是{salesperson}，直播间的新客礼包已为您预留～');
    await expect.poll(() => page.getByTestId('welcome-preview').textContent()).toBe('王小美您好，我是李顾问，直播间的新客礼包已为您预留～');
    // The server's own validation, shown next to the field it names.
    await page.getByLabel('分时段文案（JSON）').fill('[{ "from": "25:00", "to": "07:00", "text": "{customer}，夜深了，明早回复您" }]');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="variants"]').textContent()).toContain('0.from: must be HH:MM');
    expect(await world.database.db.welcomeFlow.count({ where: { name: '直播间新客' } })).toBe(0);

    await page.getByLabel('分时段文案（JSON）').fill('[{ "from": "22:00", "to": "07:00", "text": "{customer}，夜深了，明早回复您" }]');
    await page.getByLabel('预览时间').fill('23:30');
    await expect.poll(() => page.getByTestId('welcome-preview').textContent()).toBe('王小美，夜深了，明早回复您');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑欢迎语' }).waitFor();
    await page.locator('.table td', { hasText: '直播间新客' }).waitFor();
    const stored = await world.database.db.welcomeFlow.findFirstOrThrow({ where: { name: '直播间新客' } });
    expect(stored.text).toBe('{customer}您好，我是{salesperson}，直播间的新客礼包已为您预留～');
    expect(JSON.parse(stored.variants)).toEqual([{ from: '22:00', to: '07:00', text: '{customer}，夜深了，明早回复您' }]);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-welcome-flow.png'), fullPage: true });
  });

  it('should create a channel through WeCom and show its QR code', async () => {
    const page = await open('/admin/#/channels');
    await signIn(page);
    await page.getByRole('heading', { name: '新建渠道' }).waitFor();
    await page.getByLabel('渠道名称').fill('门店海报活码');
    await page.getByLabel('销售（userid）').fill(`${FIXTURE_SALESPERSON}, sales.wang`);
    await page.getByLabel('来源 · 门店').check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑渠道' }).waitFor();
    const qr = page.getByRole('img', { name: '门店海报活码 二维码' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toBe(QR_URL);
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(contactWayCalls).toEqual([expect.objectContaining({ user: [FIXTURE_SALESPERSON, 'sales.wang'], remark: '门店海报活码' })]);
    const channel = await world.database.db.channel.findFirstOrThrow({ where: { name: '门店海报活码' } });
    expect(JSON.parse(channel.tagIds)).toEqual(['etStore']);
    expect(channel.qrCode).toBe(QR_URL);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-channels.png'), fullPage: true });
  });

  it('should say 即将推出 for check-in campaigns and segments', async () => {
    const page = await open('/admin/#/campaigns');
    await signIn(page);
    await page.locator('.coming-soon', { hasText: '即将推出' }).waitFor();
    expect(await page.locator('.nav a', { hasText: '人群 / 召回' }).textContent()).toContain('即将推出');
  });
});
