/**
 * The sidebar as the campaign's voice in a group without a bot (issue 9): the built page
 * in Chromium at phone size, sandbox mode (dev login, the dev JS-SDK shim opened on
 * `?chat=`), a campaign on day 4 seeded through the real repositories. The owner sees
 * today's check-ins, the members still missing and a reward to announce; the reminder
 * names exactly the missing members; the announced reward leaves the list and the
 * database says the sidebar announced it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlRewardLog } from '../../src/db/check-in-ledger.ts';
import { FIXTURE_CAMPAIGN_NOW_MS, FIXTURE_MEMBERS, FIXTURE_REMINDER, FIXTURE_STAGE, seedGroupCampaign, type SeededCampaign } from '../helpers/campaign-seed.ts';
import { launchChromium, phoneContext, PHONE_VIEWPORT } from './browser.ts';
import { FIXTURE_GROUP, FIXTURE_NOW_MS, FIXTURE_SALESPERSON, startSidebarWorld, type SidebarWorld } from './sidebar-world.ts';

const SCREENSHOT = join(import.meta.dirname, '__screenshots__/sidebar-group-campaign.png');
const SIDEBAR_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist/index.html');
const CHECKED_IN_TODAY = ['林小姐', '陈先生'];
const MISSING_TODAY = ['张阿姨', '赵女士'];

describe('sidebar group view with a check-in campaign (sandbox: dev login, dev JS-SDK shim)', () => {
  let browser: Browser;
  let world: SidebarWorld;
  let seeded: SeededCampaign;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(SIDEBAR_DIST_INDEX)) throw new Error('sidebar/dist is missing: run `npm run sidebar:build` first (npm test does)');
    // The seed's day numbers assume the world's clock.
    expect(FIXTURE_NOW_MS).toBe(FIXTURE_CAMPAIGN_NOW_MS);
    browser = await launchChromium();
    world = await startSidebarWorld('sandbox');
    seeded = await seedGroupCampaign(world.database.connection.sql, FIXTURE_GROUP.chatId);
    const context = await phoneContext(browser);
    page = await context.newPage();
    await page.clock.setFixedTime(FIXTURE_NOW_MS);
    const returnTo = `/sidebar/?chat=${FIXTURE_GROUP.chatId}`;
    await page.goto(`${world.app.baseUrl}/api/sidebar/dev-login?userId=${FIXTURE_SALESPERSON}&returnTo=${encodeURIComponent(returnTo)}`);
    await page.locator('.campaign').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const chipsOf = (roll: string) => page.locator(`.roll--${roll} .chip`).allTextContents();
  const sent = () => page.evaluate('window.__sentMessages') as Promise<{ msgtype: string; text: { content: string } }[]>;

  it('should show the day, today’s check-ins, the present members still missing and the reward the bot has not announced', async () => {
    await expect(page.locator('.campaign .pill').first().textContent()).resolves.toBe('第 4/7 天');
    expect((await chipsOf('done')).sort()).toEqual([...CHECKED_IN_TODAY].sort());
    // 钱同学 left the group and the owner is staff: neither is missing.
    expect((await chipsOf('missing')).sort()).toEqual([...MISSING_TODAY].sort());
    await expect(page.locator('[data-grant-id]').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-grant-id'))))).resolves.toEqual([seeded.pendingGrantId]);
    await expect(page.locator('.rank__name').allTextContents()).resolves.toEqual(['林小姐', '陈先生', '张阿姨', '钱同学']);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // The narrowest WeCom sidebar: nothing runs off the side.
    await page.setViewportSize({ width: 320, height: 700 });
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBe(320);
    await page.setViewportSize(PHONE_VIEWPORT);
  });

  it('should put the leaderboard text into the chat when 发送排行榜 is tapped', async () => {
    const before = (await sent()).length;
    await page.getByRole('button', { name: '发送排行榜' }).click();
    await page.locator('#toast.toast--shown', { hasText: '已发送' }).waitFor();
    const messages = await sent();
    expect(messages).toHaveLength(before + 1);
    expect(messages.at(-1)!.text.content.split('\n')).toEqual(['🏆「7天燕窝打卡」排行榜', '1. 林小姐 连续4天 40分', '2. 陈先生 连续3天 30分', '3. 张阿姨 连续0天 20分', '4. 钱同学 连续0天 10分']);
  });

  it('should put a reminder naming exactly the missing members into the chat when 发送打卡提醒 is tapped', async () => {
    await page.getByRole('button', { name: '发送打卡提醒' }).click();
    await page.locator('#toast.toast--shown', { hasText: '已发送' }).waitFor();
    const reminder = (await sent()).at(-1);
    expect(reminder?.msgtype).toBe('text');
    const content = reminder!.text.content;
    expect(content.endsWith(FIXTURE_REMINDER)).toBe(true);
    expect([...content.matchAll(/@(\S+)/g)].map((m) => m[1]).sort()).toEqual([...MISSING_TODAY].sort());
    for (const name of Object.values(FIXTURE_MEMBERS).map((m) => m.name).filter((name) => !MISSING_TODAY.includes(name))) expect(content).not.toContain(name);
  });

  it('should announce the reward, take it off the list and record that the sidebar announced it', async () => {
    const item = page.locator(`[data-grant-id="${seeded.pendingGrantId}"]`);
    await item.getByRole('button', { name: '发送播报' }).click();
    await item.waitFor({ state: 'detached' });
    await page.locator('#toast.toast--shown', { hasText: '已播报' }).waitFor();
    expect((await sent()).at(-1)?.text.content).toBe(`🎉 恭喜 林小姐 累计打卡${FIXTURE_STAGE.day}天，获得「${FIXTURE_STAGE.reward}」！工作人员会尽快联系发放～`);
    await expect(page.locator('.card', { hasText: '待播报奖励' }).count()).resolves.toBe(0);
    const grants = new Map((await new SqlRewardLog(world.database.connection.sql).list(seeded.campaignId)).map((g) => [g.id, g]));
    expect(grants.get(seeded.pendingGrantId)).toMatchObject({ announcedBy: 'sidebar', announcedAt: FIXTURE_NOW_MS / 1000 });
    expect(grants.get(seeded.botGrantId)).toMatchObject({ announcedBy: 'bot' });

    // A reload offers it no more.
    await page.reload();
    await page.locator('.campaign').waitFor();
    await expect(page.locator('[data-grant-id]').count()).resolves.toBe(0);
  });
});
