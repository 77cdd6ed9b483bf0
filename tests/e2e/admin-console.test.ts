/**
 * The admin console end to end: the built page (sidebar/dist-admin) served by the real
 * app at /admin/, in Chromium at desktop size. The admin signs in with the token (kept
 * only as an HttpOnly cookie), sees the dashboard drawn from seeded data, and creates a
 * welcome flow (inline errors, live preview) and a channel (WeCom's add_contact_way is
 * nock), and runs a check-in campaign: created through its form, then read back with
 * check-ins seeded through the real repositories, its figures also on the dashboard while it
 * runs. Screenshots go to __screenshots__/admin-*.png.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqlCheckInLedger } from '../../src/db/check-in-ledger.ts';
import { SqlGroupRoster } from '../../src/db/group-roster-repo.ts';
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

/** Day 1 of the campaign the test creates (2026-11-20, Shanghai midnight); the fixture's now is day 4, 10:00. */
const CAMPAIGN_START = Date.UTC(2026, 10, 19, 16) / 1000;
const CAMPAIGN_CHAT = 'wrE2eCampaignA';
const STAGE = { day: 3, reward: '3天打卡礼：胶原蛋白试饮装' };
/** Group members: when they joined and left (seconds from day 1's start) and the days they checked in. */
const CAMPAIGN_MEMBERS = [
  { key: 'wmCampWang', name: '王姐', joined: -10 * DAY, days: [1, 2, 3, 4] },
  { key: 'wmCampLi', name: '李阿姨', joined: -10 * DAY, days: [1, 2, 3] },
  { key: 'wmCampZhang', name: '张姐', joined: -10 * DAY, days: [1, 3] },
  { key: 'wmCampZhao', name: '赵姐', joined: -5 * DAY, left: 1.5 * DAY, days: [1] },
  { key: 'wmCampChen', name: '陈姐', joined: -2 * DAY, days: [] },
  { key: 'wmCampNew', name: '新来的小周', joined: 2.3 * DAY, days: [3] },
];

/** The roster and 11 check-ins of 10 points; the day-3 stage goes to the two who reach 3 days on day 3. */
async function seedCheckIns(sql: SidebarWorld['database']['connection']['sql'], campaignId: number): Promise<void> {
  const roster = new SqlGroupRoster(sql);
  const ledger = new SqlCheckInLedger(sql);
  for (const m of CAMPAIGN_MEMBERS) {
    await roster.joined(CAMPAIGN_CHAT, [{ memberKey: m.key, displayName: m.name }], CAMPAIGN_START + m.joined);
    if (m.left !== undefined) await roster.left(CAMPAIGN_CHAT, [m.key], CAMPAIGN_START + m.left);
    for (const [n, day] of m.days.entries()) {
      await ledger.record({
        campaignId,
        memberKey: m.key,
        chatId: CAMPAIGN_CHAT,
        day,
        makeUp: false,
        messageKey: `e2e:${m.key}:${day}`,
        at: CAMPAIGN_START + (day - 1) * DAY + 9 * HOUR,
        awards: [{ cause: `day${day}`, points: 10 }],
        ...(n + 1 === STAGE.day ? { stage: STAGE } : {}),
      });
    }
  }
}

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;
let contactWayCalls: { state: string; user: string[]; remark: string; skip_verify: boolean }[];

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  contactWayCalls = [];
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/add_contact_way', (body: { state: string; user: string[]; remark: string; skip_verify: boolean }) => Boolean(contactWayCalls.push(body)))
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
    await page.getByLabel(/^销售（userid）/).fill(`${FIXTURE_SALESPERSON}, sales.wang`);
    await page.getByLabel('来源 · 门店').check();
    // The first rows field is the schedule, the second the per-salesperson caps.
    await page.getByRole('button', { name: '添加一行' }).first().click();
    await page.getByLabel('销售', { exact: true }).fill('sales.ghost');
    await page.getByLabel('星期', { exact: true }).fill('1-5');
    await page.getByLabel('开始', { exact: true }).fill('09:00');
    await page.getByLabel('结束', { exact: true }).fill('25:00');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="schedule"]').textContent()).toContain('结束：请填 HH:MM');
    await page.getByLabel('结束', { exact: true }).fill('18:00');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="schedule"]').textContent()).toContain("0.userId: sales.ghost is not one of the channel's userIds");
    expect(contactWayCalls).toEqual([]);
    await page.getByLabel('销售', { exact: true }).fill(FIXTURE_SALESPERSON);
    await page.getByLabel('备用销售（userid）').fill('sales.zhao');
    await page.getByLabel('每人每日添加上限').fill('30');
    await page.getByRole('button', { name: '添加一行' }).nth(1).click();
    await page.getByLabel('指定销售', { exact: true }).fill('sales.zhao');
    await page.getByLabel('每天最多', { exact: true }).fill('50');
    await page.getByLabel('客户备注模板').fill('{channel}-{customer}');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑渠道' }).waitFor();
    await expect.poll(() => page.getByTestId('channel-routing').textContent()).toContain('当前：值班销售');
    await expect.poll(() => page.getByTestId('channel-stats').textContent()).toContain('近 30 天');
    const qr = page.getByRole('img', { name: '门店海报活码 二维码' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toBe(QR_URL);
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(contactWayCalls).toEqual([expect.objectContaining({ user: [FIXTURE_SALESPERSON, 'sales.wang'], remark: '门店海报活码', skip_verify: true })]);
    const channel = await world.database.db.channel.findFirstOrThrow({ where: { name: '门店海报活码' } });
    expect(channel).toMatchObject({ dailyAddCap: 30, dailyAddCaps: '{"sales.zhao":50}', remarkTemplate: '{channel}-{customer}', backupUserIds: '["sales.zhao"]' });
    expect(JSON.parse(channel.schedule)).toEqual([{ userId: FIXTURE_SALESPERSON, weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }]);
    // Two adds through the code, one later removed by the customer: the panel shows them once the row is picked again.
    await world.database.db.followRelation.createMany({
      data: [
        { userId: FIXTURE_SALESPERSON, externalUserId: 'wmChanStat1', status: 'active', statusChangedAt: NOW - 2 * DAY, addedAt: NOW - 2 * DAY, state: channel.state },
        { userId: 'sales.wang', externalUserId: 'wmChanStat2', status: 'removed_by_customer', statusChangedAt: NOW - HOUR, addedAt: NOW - DAY, removedByCustomerAt: NOW - HOUR, state: channel.state },
      ],
    });
    await page.locator(`tr[data-id="${channel.id}"]`).click();
    await expect.poll(() => page.getByTestId('channel-stats').locator('.kpi-value').allTextContents()).toEqual(['2', '0', '1', '1']);
    expect(JSON.parse(channel.tagIds)).toEqual(['etStore']);
    expect(channel.qrCode).toBe(QR_URL);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-channels.png'), fullPage: true });
  });

  it('should create a check-in campaign through its form, with the page\'s and the API\'s errors inline, keeping the robot key when left blank', async () => {
    const page = await open('/admin/#/campaigns');
    await signIn(page);
    await page.getByRole('heading', { name: '新建打卡活动' }).waitFor();
    const fieldError = (name: string) => page.locator(`.field-error[data-field="${name}"]`).textContent();
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => fieldError('name')).toBe('必填');

    await page.getByLabel('活动名称').fill('7天胶原蛋白打卡');
    await page.getByLabel('客户群 ID（chat_id）').fill(`${CAMPAIGN_CHAT}\nwrE2eCampaignB`);
    await page.getByLabel('开始日期（第 1 天）').fill('2026-11-20');
    await page.getByLabel('活动天数').fill('7');
    await page.getByLabel('每日打卡开始').fill('25:00');
    await page.getByLabel('每日打卡结束').fill('22:00');
    const stages = page.locator('.field[data-name="stages"]');
    await stages.getByRole('button', { name: '添加一行' }).click();
    await stages.getByLabel('累计天数').fill('30');
    await stages.getByLabel('奖励').fill(STAGE.reward);
    const reminders = page.locator('.field[data-name="reminders"]');
    await reminders.getByRole('button', { name: '添加一行' }).click();
    await reminders.getByLabel('时间').fill('20:30');
    await reminders.getByLabel('提醒文案').fill('还没打卡的姐妹记得来打卡～');
    await page.getByLabel('员工群机器人 webhook key').fill('e2e-robot-key-0001');
    await page.getByRole('button', { name: '保存' }).click();
    // Checked in the page: a time that is not HH:MM.
    await expect.poll(() => fieldError('windowFrom')).toBe('请填 HH:MM（00:00–23:59）');

    await page.getByLabel('每日打卡开始').fill('06:00');
    await page.getByRole('button', { name: '保存' }).click();
    // Only the API knows a stage may not come after the campaign's last day: shown at the stages.
    await expect.poll(() => fieldError('stages')).toBe("day 30 is beyond the campaign's 7 days");
    expect(await page.locator('.field[data-name="stages"] input').first().getAttribute('aria-invalid')).toBe('true');
    expect(await world.database.db.campaign.count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-campaign-errors.png'), fullPage: true });

    await stages.getByLabel('累计天数').fill(String(STAGE.day));
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑打卡活动' }).waitFor();
    const row = page.locator('.table tbody tr', { hasText: '7天胶原蛋白打卡' });
    expect(await row.locator('td').allTextContents()).toEqual(['7天胶原蛋白打卡', `2 个：${CAMPAIGN_CHAT}、wrE2eCampaignB`, '2026-11-20', '7 天', '进行中', '第 4 / 7 天', '查看数据 →']);
    const stored = await world.database.db.campaign.findFirstOrThrow();
    const rules = JSON.parse(stored.rules) as Record<string, unknown>;
    // Blank rules took the server's defaults; what was filled in replaced them.
    expect(rules).toMatchObject({
      window: { from: '06:00', to: '22:00' },
      keywords: ['打卡', '签到'],
      pointsPerCheckIn: 10,
      stages: [STAGE],
      reminders: [{ time: '20:30', text: '还没打卡的姐妹记得来打卡～' }],
      summaryWebhookKey: 'e2e-robot-key-0001',
    });
    expect(await page.getByLabel('每次打卡积分').inputValue()).toBe('10');
    expect(await page.getByLabel('员工群机器人 webhook key').inputValue()).toBe('');
    expect(await page.getByLabel('员工群机器人 webhook key').getAttribute('placeholder')).toBe('已设置（留空则保持不变）');

    // An edit that leaves the key blank keeps it; emptying every way to check in is refused in the page.
    await page.getByLabel('活动名称').fill('7天胶原蛋白打卡（第一期）');
    await page.getByLabel('打卡关键词').fill('');
    await page.getByLabel('打卡正则').fill('');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => fieldError('keywords')).toBe('关键词、正则和图片至少选一种，否则没有消息算作打卡');
    await page.getByLabel('打卡关键词').fill('打卡，签到, 第几天');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.table td', { hasText: '7天胶原蛋白打卡（第一期）' }).waitFor();
    const edited = await world.database.db.campaign.findFirstOrThrow();
    expect(JSON.parse(edited.rules)).toMatchObject({ keywords: ['打卡', '签到', '第几天'], summaryWebhookKey: 'e2e-robot-key-0001', stages: [STAGE] });
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-campaigns.png'), fullPage: true });
  });

  it('should show a campaign\'s health, leaderboard and rewards, hand a reward over, download the ledger and archive the campaign', async () => {
    const { id: campaignId } = await world.database.db.campaign.findFirstOrThrow();
    await seedCheckIns(world.database.connection.sql, campaignId);
    const page = await open('/admin/#/campaigns');
    await signIn(page);
    await page.getByRole('link', { name: '查看数据 →' }).click();
    await page.locator('.uplot canvas').waitFor();
    expect(await page.locator('.page-head p').textContent()).toBe('2026-11-20 起 7 天 · 第 4 / 7 天 · Asia/Shanghai');

    // 5 in the group before day 1, one of whom left on day 2; 王姐 and 李阿姨 checked in on each of the 3 full days.
    const kpi = (label: string) => page.locator('.kpi', { hasText: label }).locator('.kpi-value').textContent();
    expect(await kpi('留存率')).toBe('80.0%');
    expect(await kpi('开始时成员')).toBe('5');
    expect(await kpi('仍在群')).toBe('4');
    expect(await kpi('全勤完成率')).toBe('40.0%');
    expect(await kpi('已发积分')).toBe('110');
    expect(await page.locator('.kpi', { hasText: '最近一天参与率' }).locator('.kpi-note').textContent()).toBe('第 4 天：1 / 5 人打卡');
    expect(await page.locator('.uplot .u-title').textContent()).toBe('每日参与（在群人数、打卡人数、参与率）');

    const card = (title: string) => page.locator('section.card').filter({ has: page.locator('h3', { hasText: title }) });
    const board = card('排行榜').locator('tbody tr');
    expect(await board.first().locator('td').allTextContents()).toEqual(['1', '王姐', '4 天', '4 天', '40']);
    // By the streak up to yesterday, then points: 张姐's 20 before 小周's 10; 赵姐 checked in but has no streak left.
    expect(await board.locator('td:nth-child(2)').allTextContents()).toEqual(['王姐', '李阿姨', '张姐', '新来的小周', '赵姐']);

    const rewards = card('阶段奖励');
    expect(await rewards.locator('h3').textContent()).toBe('阶段奖励（待发放 2 份）');
    const wang = rewards.locator('tr', { hasText: '王姐' });
    await wang.getByRole('button', { name: '已发放' }).click();
    await expect.poll(() => rewards.locator('h3').textContent()).toBe('阶段奖励（待发放 1 份）');
    expect(await wang.locator('td').last().textContent()).toMatch(/^已发放 · /);
    const grants = await world.database.db.rewardGrant.findMany({ where: { campaignId }, orderBy: { memberKey: 'asc' } });
    expect(grants.map((g) => [g.memberKey, g.reward, g.fulfilledAt !== null])).toEqual([
      ['wmCampLi', STAGE.reward, false],
      ['wmCampWang', STAGE.reward, true],
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-campaign-detail.png'), fullPage: true });

    // A plain link: the browser's GET carries the session cookie.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载积分明细（CSV）' }).click()]);
    expect(download.suggestedFilename()).toBe(`campaign-${campaignId}-points.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('\uFEFFmember_key,display_name,cause,points,at');
    expect(csv).toContain('wmCampWang,王姐,day4,10,2026-11-23T01:00:00.000Z');
    expect(csv.filter(Boolean)).toHaveLength(12);

    // The dashboard's campaign figures come from the same health report. Participation per
    // day: 4/5, 2/5 (赵姐 left that day), 4/5 (小周 joined on day 3, 赵姐 gone), 1/5 → mean 55%.
    await page.goto(`${world.app.baseUrl}/admin/#/dashboard`);
    const figures = card('社群打卡（进行中的活动）').locator('tbody tr');
    await figures.first().waitFor();
    expect(await figures.locator('td').allTextContents()).toEqual(['7天胶原蛋白打卡（第一期）', '2026-11-20 · 7 天', '2', '6', '80.0%（4/5）', '55.0%', '40.0%']);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard-campaigns.png'), fullPage: true });
    await page.goto(`${world.app.baseUrl}/admin/#/campaigns/${campaignId}`);

    await page.getByRole('link', { name: '← 全部打卡活动' }).click();
    await page.locator('.table tbody tr', { hasText: '7天胶原蛋白打卡' }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '归档' }).click();
    await expect.poll(() => page.locator('.table tbody tr td').nth(5).textContent()).toBe('已归档');
    expect((await world.database.db.campaign.findFirstOrThrow()).status).toBe('archived');
    expect(await page.getByRole('button', { name: '归档' }).isHidden()).toBe(true);
    await page.goto(`${world.app.baseUrl}/admin/#/dashboard`);
    await expect.poll(() => card('社群打卡（进行中的活动）').locator('.empty').textContent()).toBe('没有进行中的打卡活动');
  });
});
