/**
 * The console's 群活码 page over the real app (WeCom nocked): an unknown group refused
 * inline under its field with no join way made, then a code created over two groups — QR
 * image, fill bars — and, after the first group fills and a re-check rolls the code over,
 * the bars, the all-clear and the per-day stats of joins through the code.
 * Screenshot: __screenshots__/admin-group-codes.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, routeAvatars } from './browser.ts';
import { FIXTURE_NOW_MS, startSidebarWorld, WECOM_API, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const QR_URL = 'https://wework.qpic.cn/wwpic/e2e-group-code-qr/0';
const NOW = FIXTURE_NOW_MS / 1000;

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;
/** Member counts of the groups WeCom knows. */
const sizes = new Map([
  ['wrE2eCodeA', 5],
  ['wrE2eCodeB', 1],
]);
const joinWays: Record<string, unknown>[] = [];

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  const ok = { errcode: 0, errmsg: 'ok' };
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/groupchat/get', (body: { chat_id: string }) => body.chat_id.startsWith('wrE2eCode') || body.chat_id === 'wrE2eGone')
    .query(true)
    .reply(200, (_uri, body) => {
      const chatId = (body as { chat_id: string }).chat_id;
      const size = sizes.get(chatId);
      if (size === undefined) return { errcode: 40050, errmsg: 'invalid chatid' };
      return { ...ok, group_chat: { chat_id: chatId, owner: 'sales.li', member_list: Array.from({ length: size }, (_, i) => ({ userid: `wm${chatId}${i}`, type: 2, join_time: NOW - 60 })) } };
    })
    .post('/cgi-bin/externalcontact/groupchat/add_join_way', (body: Record<string, unknown>) => Boolean(joinWays.push(body)))
    .query(true)
    .reply(200, { ...ok, config_id: 'e2e-join-way' })
    .post('/cgi-bin/externalcontact/groupchat/get_join_way')
    .query(true)
    .reply(200, { ...ok, join_way: { config_id: 'e2e-join-way', qr_code: QR_URL, chat_id_list: [] } })
    .post('/cgi-bin/externalcontact/groupchat/update_join_way', (body: Record<string, unknown>) => Boolean(joinWays.push(body)))
    .query(true)
    .reply(200, ok)
    .post('/cgi-bin/externalcontact/group_welcome_template/add')
    .query(true)
    .reply(200, { ...ok, template_id: 'e2e-template' });
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await routeAvatars(context, 'https://wework.qpic.cn');
});

afterAll(async () => {
  nock.cleanAll();
  await context?.close();
  await world?.close();
  await browser?.close();
});

async function openSignedIn(): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXTURE_NOW_MS);
  await page.goto(`${world.app.baseUrl}/admin/#/group-codes`);
  await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '新建群活码' }).waitFor();
  return page;
}

const bar = (page: Page, chatId: string) => page.locator(`[data-testid="group-fill"] .bar-row[data-chat="${chatId}"] .bar-value`).textContent();

describe('admin console: group codes', () => {
  it('should refuse an unknown group inline, create the code with its QR image and fill bars, and show the roll-over and stats', async () => {
    const page = await openSignedIn();
    await page.getByLabel('名称（也是企业微信里的备注）').fill('新品体验群');
    await page.getByLabel('客户群（chat_id，按进群顺序）').fill('wrE2eCodeA\nwrE2eGone');
    await page.getByLabel('每群人数上限').fill('6');
    await page.getByLabel('入群欢迎语', { exact: true }).fill('欢迎加入新品体验群～');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="chatIds"]').textContent()).toContain('wrE2eGone');
    expect(joinWays).toEqual([]);

    await page.getByLabel('客户群（chat_id，按进群顺序）').fill('wrE2eCodeA\nwrE2eCodeB');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑群活码' }).waitFor();
    expect(joinWays).toEqual([expect.objectContaining({ scene: 2, remark: '新品体验群', chat_id_list: ['wrE2eCodeA', 'wrE2eCodeB'] })]);
    const qr = page.getByRole('img', { name: '新品体验群 二维码' });
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => bar(page, 'wrE2eCodeA')).toBe('5 / 6 · 码上');

    // The first group fills; the re-check moves the code on. Three joins and a leave through it today.
    sizes.set('wrE2eCodeA', 6);
    const code = await world.database.db.groupCode.findFirstOrThrow();
    await world.database.db.groupCodeJoin.createMany({
      data: [
        { codeId: code.id, chatId: 'wrE2eCodeA', memberId: 'wmJ1', joinedAt: NOW - 3600, leftAt: NOW - 600 },
        // Still in their groups (groupchat/get lists them), so the re-check keeps them open.
        { codeId: code.id, chatId: 'wrE2eCodeA', memberId: 'wmwrE2eCodeA1', joinedAt: NOW - 60 },
        { codeId: code.id, chatId: 'wrE2eCodeB', memberId: 'wmwrE2eCodeB0', joinedAt: NOW - 60 },
      ],
    });
    const recheck = await fetch(`${world.app.baseUrl}/api/admin/group-codes/recheck`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await recheck.json()).toEqual({ changed: [code.id], full: [] });
    expect(joinWays.at(-1)).toMatchObject({ chat_id_list: ['wrE2eCodeB'] });

    await page.reload();
    await page.locator('.table td', { hasText: '新品体验群' }).first().click();
    await expect.poll(() => bar(page, 'wrE2eCodeA')).toBe('6 / 6');
    expect(await bar(page, 'wrE2eCodeB')).toBe('1 / 6 · 码上');
    const stats = page.getByTestId('group-code-stats');
    const kpi = (label: string) => stats.locator('.kpi').filter({ has: page.locator('.kpi-label').getByText(label, { exact: true }) }).locator('.kpi-value').textContent();
    await expect.poll(() => kpi('入群')).toBe('3');
    expect(await kpi('退群')).toBe('1');
    expect(await kpi('净增')).toBe('2');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-group-codes.png'), fullPage: true });
  });
});
