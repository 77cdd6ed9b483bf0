/**
 * The sidebar page end to end: the built bundle (sidebar/dist) served by the real app,
 * in Chromium at phone size. In real mode the salesperson logs in through WeCom's web
 * login (played by the browser route) and the page signs in to a scripted JS-SDK with the
 * server's signatures; in sandbox mode the page logs in with the dev login and runs on the
 * dev shim. WeCom's server APIs are nock (tests/e2e/sidebar-world.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqlGroupHistory } from '../../src/db/group-history-repo.ts';
import { launchChromium, phoneContext, routeAvatars, routeWecomLogin, scriptWx, type PageEvent, type WxScript } from './browser.ts';
import {
  FIXTURE_GROUP,
  FIXTURE_NOW_MS,
  FIXTURE_OTHER_SALESPERSON,
  FIXTURE_SALESPERSON,
  FIXTURE_SCRIPT,
  FIXTURE_TASK,
  FIXTURE_TICKETS,
  seedCustomer,
  startSidebarWorld,
  WECOM_AVATAR_HOST,
  type SidebarWorld,
} from './sidebar-world.ts';

const PROFILE_SCREENSHOT = join(import.meta.dirname, '__screenshots__/sidebar-profile.png');
// The address the WeCom toolbar opens.
const PAGE = '/sidebar/';
const SIDEBAR_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist/index.html');

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(SIDEBAR_DIST_INDEX)) throw new Error('sidebar/dist is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh phone-sized browser per test, whose clock reads the world's fixed time. */
function usePhone(world: () => SidebarWorld, loggedInAs: () => string = () => FIXTURE_SALESPERSON) {
  const phone = { context: undefined as unknown as BrowserContext };
  beforeEach(async () => {
    phone.context = await phoneContext(browser);
    await routeWecomLogin(phone.context, loggedInAs);
    await routeAvatars(phone.context, WECOM_AVATAR_HOST);
  });
  afterEach(async () => {
    await phone.context.close();
  });
  return {
    /** Opens `path` (default the toolbar page), inside the chat `wx` describes (no `wx`: whatever the page loads itself). */
    async open(path = PAGE, wx?: WxScript): Promise<{ page: Page; events: PageEvent[] }> {
      const page = await phone.context.newPage();
      await page.clock.setFixedTime(FIXTURE_NOW_MS);
      const events = wx ? await scriptWx(page, wx) : [];
      await page.goto(`${world().app.baseUrl}${path}`);
      return { page, events };
    },
  };
}

async function toast(page: Page, text: string): Promise<void> {
  await page.locator('#toast.toast--shown', { hasText: text }).waitFor();
}

describe('sidebar page (real mode: WeCom login, JS-SDK signatures, scripted wx)', () => {
  let world: SidebarWorld;
  let user = FIXTURE_SALESPERSON;
  const phone = usePhone(
    () => world,
    () => user,
  );

  beforeAll(async () => {
    world = await startSidebarWorld('real');
  });

  afterAll(async () => {
    await world?.close();
  });

  beforeEach(() => {
    user = FIXTURE_SALESPERSON;
  });

  const inChatWith = (externalUserId: string): WxScript => ({ entry: 'single_chat_tools', customer: externalUserId });

  it('should log in through WeCom, sign the JS-SDK and show the profile with its tags', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page, events } = await phone.open(`${PAGE}#from-toolbar`, inChatWith(externalUserId));

    await page.locator('.hero__name', { hasText: '王小美' }).waitFor();
    expect(await page.locator('.tags .chip').allTextContents()).toEqual(['高意向', '美容养颜', '老客推荐']);
    await expect(page.locator('.fields').textContent()).resolves.toContain('直播间活码');
    await page.locator('.timeline', { hasText: '上次那个燕窝还有吗' }).waitFor();

    // The signatures handed to wx are the server's, over the page URL without its hash.
    const signed = `${world.app.baseUrl}${PAGE}`;
    const sha1 = (ticket: string, s: { nonceStr: string; timestamp: number }) =>
      createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${signed}`).digest('hex');
    const wxCall = (api: string) => events.find((e) => e.kind === 'wx' && e.api === api) as { params: { nonceStr: string; timestamp: number; signature: string } };
    expect(wxCall('config').params).toMatchObject({ beta: true, appId: expect.any(String), signature: sha1(FIXTURE_TICKETS.corp, wxCall('config').params) });
    expect(wxCall('agentConfig').params).toMatchObject({
      agentid: '1000002',
      jsApiList: ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage'],
      signature: sha1(FIXTURE_TICKETS.agent, wxCall('agentConfig').params),
    });
    expect(events.some((e) => e.kind === 'http' && e.path.includes('dev-shim'))).toBe(false);

    mkdirSync(dirname(PROFILE_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: PROFILE_SCREENSHOT });
  });

  it('should keep a first-contact answer after a reload and tag the customer by the chosen option', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(PAGE, inChatWith(externalUserId));
    await page.getByRole('tab', { name: /首问/ }).click();
    const question = page.locator('[data-question-id="product_kind"]');
    await question.getByRole('button', { name: '营养滋补' }).click();
    await question.locator('textarea').fill('每天早上一杯');
    await question.getByRole('button', { name: '保存' }).click();
    await toast(page, '已打标签：营养滋补');

    expect(world.markTagCalls.filter((c) => c.external_userid === externalUserId)).toEqual([
      { userid: FIXTURE_SALESPERSON, external_userid: externalUserId, add_tag: ['etNutrition'], remove_tag: [] },
    ]);
    await page.reload();
    await page.getByRole('tab', { name: /首问/ }).click();
    await question.locator('.pill', { hasText: '已回答' }).waitFor();
    await expect(question.getByRole('button', { name: '营养滋补' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(question.locator('textarea').inputValue()).resolves.toBe('每天早上一杯');
    await page.getByRole('tab', { name: /画像/ }).click();
    await page.locator('.tags .chip', { hasText: '营养滋补' }).waitFor();
  });

  it('should send exactly the tags added and removed when tags are edited', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(PAGE, inChatWith(externalUserId));
    const tags = page.locator('.card', { has: page.locator('.card__title', { hasText: '标签' }) });
    await tags.getByRole('button', { name: '编辑' }).click();
    await tags.getByRole('button', { name: '直播' }).click();
    await tags.getByRole('button', { name: '高意向' }).click();
    await tags.getByRole('button', { name: '保存' }).click();
    await toast(page, '标签已更新');

    expect(world.markTagCalls.filter((c) => c.external_userid === externalUserId)).toEqual([
      { userid: FIXTURE_SALESPERSON, external_userid: externalUserId, add_tag: ['etLive'], remove_tag: ['etHot'] },
    ]);
    expect(await tags.locator('.chip').allTextContents()).toEqual(['美容养颜', '直播', '老客推荐']);
  });

  it('should put the script text into the chat through sendChatMessage and then record the send', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page, events } = await phone.open(PAGE, inChatWith(externalUserId));
    await page.getByRole('tab', { name: /话术/ }).click();
    await page.locator(`[data-script-id="${world.scriptId}"]`).getByRole('button', { name: '发送' }).click();
    await toast(page, '已发送');

    const expectedMessage = { msgtype: 'text', enterChat: true, text: { content: FIXTURE_SCRIPT.text } };
    await expect(page.evaluate('window.__sentMessages')).resolves.toEqual([expectedMessage]);
    const sendAt = events.findIndex((e) => e.kind === 'wx' && e.api === 'sendChatMessage');
    const recordAt = events.findIndex((e) => e.kind === 'http' && e.method === 'POST' && e.path.endsWith('/sent'));
    expect(events[sendAt]).toMatchObject({ params: expectedMessage });
    expect(recordAt).toBeGreaterThan(sendAt);
    const audit = await world.database.db.auditLog.findMany({ where: { target: externalUserId, action: 'POST /api/sidebar/customers/:id/sent' } });
    expect(audit.map((row) => JSON.parse(row.detail) as unknown)).toEqual([{ body: { text: FIXTURE_SCRIPT.text, scriptId: world.scriptId } }]);
  });

  it('should close the task when its suggested reply was sent', async () => {
    const { externalUserId, taskId } = await seedCustomer(world);
    const { page } = await phone.open(PAGE, inChatWith(externalUserId));
    const tab = page.getByRole('tab', { name: /话术/ });
    await tab.locator('.badge', { hasText: '1' }).waitFor();
    await tab.click();
    const task = page.locator(`[data-task-id="${taskId}"]`);
    await task.getByRole('button', { name: '发送' }).click();
    await toast(page, '已发送');

    await expect(page.evaluate('window.__sentMessages')).resolves.toEqual([{ msgtype: 'text', enterChat: true, text: { content: FIXTURE_TASK.suggestedReply } }]);
    await expect(world.database.db.salesTask.findUniqueOrThrow({ where: { id: taskId } })).resolves.toMatchObject({ status: 'done', closedBy: FIXTURE_SALESPERSON });
    await expect(task.getAttribute('class')).resolves.toContain('is-done');
    await tab.locator('.badge').waitFor({ state: 'hidden' });
  });

  it('should offer only 复制 when opened from the customer profile page, where there is no chat to send into', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(PAGE, { entry: 'contact_profile', customer: externalUserId });
    await page.getByRole('tab', { name: /话术/ }).click();
    const script = page.locator(`[data-script-id="${world.scriptId}"]`);
    await script.getByRole('button', { name: '复制' }).waitFor();
    await expect(script.getByRole('button', { name: '发送' }).count()).resolves.toBe(0);
  });

  it('should add a note and show it first', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(PAGE, inChatWith(externalUserId));
    await page.getByLabel('备注内容').fill('约了周六到店试吃');
    await page.getByRole('button', { name: '添加备注' }).click();
    await toast(page, '备注已添加');

    await expect(page.locator('.note__text').first().textContent()).resolves.toBe('约了周六到店试吃');
    const notes = await world.database.db.customerNote.findMany({ where: { externalUserId }, orderBy: { id: 'desc' } });
    expect(notes[0]).toMatchObject({ userId: FIXTURE_SALESPERSON, text: '约了周六到店试吃' });
  });

  it('should show the 403 screen when the salesperson does not serve the customer', async () => {
    const { externalUserId } = await seedCustomer(world);
    user = FIXTURE_OTHER_SALESPERSON;
    const { page } = await phone.open(PAGE, inChatWith(externalUserId));
    await page.locator('.notice__title', { hasText: '无权查看该客户' }).waitFor();
    await expect(page.locator('.notice__detail').textContent()).resolves.toBe('你不是该客户的跟进人');
    await expect(page.locator('.hero').count()).resolves.toBe(0);
  });

  it('should come back to the page it started on, query and all, after the WeCom login', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(`${PAGE}?from=toolbar`, inChatWith(externalUserId));
    await page.locator('.hero__name', { hasText: '王小美' }).waitFor();
    expect(new URL(page.url()).search).toBe('?from=toolbar');
  });

  it('should show the group, this week’s joins and leaves and the member count when opened in a customer group', async () => {
    // Two leaves this week and one long ago, as the del_member callbacks recorded them.
    const history = new SqlGroupHistory(world.app.container.db.sql);
    const now = Math.floor(FIXTURE_NOW_MS / 1000);
    for (const [key, at, count] of [['e2e-left-1', now - 3600, 1], ['e2e-left-2', now - 86_400, 1], ['e2e-left-old', now - 30 * 86_400, 5]] as const) {
      await history.record({ dedupeKey: key, chatId: FIXTURE_GROUP.chatId, kind: 'leave', count, memberIds: [], at });
    }
    const { page } = await phone.open(PAGE, { entry: 'group_chat_tools', chat: FIXTURE_GROUP.chatId });
    await page.locator('.hero__name', { hasText: FIXTURE_GROUP.name }).waitFor();
    expect(await page.locator('.stat__value').allTextContents()).toEqual(['186', '12', '2']);
    await expect(page.locator('.card', { hasText: '打卡活动' }).textContent()).resolves.toContain('没有进行中的打卡活动');
  });

  it('should redirect /sidebar to the page and serve it by file name too', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open('/sidebar', inChatWith(externalUserId));
    await page.locator('.hero__name', { hasText: '王小美' }).waitFor();
    const byName = await phone.open('/sidebar/index.html', inChatWith(externalUserId));
    await byName.page.locator('.hero__name', { hasText: '王小美' }).waitFor();
  });
});

describe('sidebar page (sandbox mode: dev login and the dev JS-SDK shim)', () => {
  let world: SidebarWorld;
  const phone = usePhone(() => world);

  beforeAll(async () => {
    world = await startSidebarWorld('sandbox');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('should load the dev shim, find the customer from ?customer= and record what it would send', async () => {
    const { externalUserId } = await seedCustomer(world);
    const { page } = await phone.open(`/api/sidebar/dev-login?userId=${FIXTURE_SALESPERSON}&returnTo=${encodeURIComponent(`${PAGE}?customer=${externalUserId}`)}`);
    await page.locator('.hero__name', { hasText: '王小美' }).waitFor();
    await page.getByRole('tab', { name: /话术/ }).click();
    await page.locator(`[data-script-id="${world.scriptId}"]`).getByRole('button', { name: '发送' }).click();
    await toast(page, '已发送');

    await expect(page.evaluate('window.__sentMessages')).resolves.toEqual([{ msgtype: 'text', enterChat: true, text: { content: FIXTURE_SCRIPT.text } }]);
    await expect(page.evaluate('Boolean(document.querySelector(\'script[src$="/sidebar/dev-shim.js"]\'))')).resolves.toBe(true);
  });
});
