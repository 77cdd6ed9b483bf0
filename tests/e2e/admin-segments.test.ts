/**
 * The console's 人群 / 召回 page end to end over the real app (WeCom nocked): a segment built
 * field by field with a live preview and the server's range rule shown inline, saved, its
 * members exported as CSV; then a recall on it — one add_msg_template per salesperson, the
 * high-value member left to a 1:1 task — and its results polled and shown as a recall rate.
 * Screenshot: __screenshots__/admin-segments.png.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { FIXTURE_NOW_MS, startSidebarWorld, WECOM_API, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const NOW = FIXTURE_NOW_MS / 1000;
const DAY = 86_400;

/** Lapsed: 陈姐 (li), 周姐 (wang), 吴总 (li, high value, 1:1 only). Stable: 郑姐 (wang). */
const CUSTOMERS = [
  { id: 'wmSegChen', name: '陈姐', userId: 'sales.li', stage: 'lapsed' },
  { id: 'wmSegZhou', name: '周姐', userId: 'sales.wang', stage: 'lapsed' },
  { id: 'wmSegWu', name: '吴总', userId: 'sales.li', stage: 'lapsed', spendFen: 680_000 },
  { id: 'wmSegZheng', name: '郑姐', userId: 'sales.wang', stage: 'stable' },
];

async function seed(db: SidebarWorld['database']['db']): Promise<void> {
  for (const c of CUSTOMERS) {
    const addedAt = NOW - 200 * DAY;
    await db.customer.create({ data: { externalUserId: c.id, name: c.name, type: 1, fetchedAt: new Date(FIXTURE_NOW_MS) } });
    await db.followRelation.create({ data: { userId: c.userId, externalUserId: c.id, addedAt, status: 'active', statusChangedAt: addedAt } });
    await db.customerLifecycle.create({ data: { externalUserId: c.id, stage: c.stage, since: NOW - 30 * DAY } });
    if (c.spendFen) {
      await db.customerValue.create({
        data: { externalUserId: c.id, totalSpendFen: c.spendFen, annualSpendFen: 0, orderCount: 3, firstOrderAt: NOW - 400 * DAY, lastOrderAt: NOW - 120 * DAY, valueLayer: 'high', highValue: true },
      });
    }
  }
}

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;
let templates: { sender: string; external_userid: string[]; text: { content: string } }[];

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  await seed(world.database.db);
  templates = [];
  const ok = { errcode: 0, errmsg: 'ok' };
  nock(WECOM_API)
    .persist()
    .post('/cgi-bin/externalcontact/add_msg_template', (body: (typeof templates)[number]) => Boolean(templates.push(body)))
    .query(true)
    .reply(200, (_uri, body) => ({ ...ok, msgid: `msg-${(body as { sender: string }).sender}`, fail_list: [] }))
    .post('/cgi-bin/externalcontact/get_groupmsg_task')
    .query(true)
    .reply(200, (_uri, body) => ({ ...ok, task_list: [{ userid: (body as { msgid: string }).msgid.slice(4), status: 2, send_time: NOW + 60 }] }))
    .post('/cgi-bin/externalcontact/get_groupmsg_send_result')
    .query(true)
    .reply(200, (_uri, body) => {
      const { userid } = body as { userid: string };
      const sent = templates.find((t) => t.sender === userid)?.external_userid ?? [];
      return { ...ok, send_list: sent.map((id) => ({ external_userid: id, userid, status: 1, send_time: NOW + 60 })) };
    });
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
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
  await page.goto(`${world.app.baseUrl}/admin/#/segments`);
  await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '新建人群' }).waitFor();
  return page;
}

describe('admin console: segments and recalls', () => {
  it('should build a segment with a live preview and inline errors, export it, recall it and show the recall rate', async () => {
    const page = await openSignedIn();
    const count = () => page.getByTestId('segment-count').textContent();
    // No filter: every served customer.
    await expect.poll(count).toBe('4 人');
    await page.getByLabel('人群名称').fill('流失期老客');
    await page.getByLabel('流失期').check();
    await expect.poll(count).toBe('3 人');
    expect(await page.getByTestId('segment-preview').locator('tbody td strong').allTextContents()).toEqual(expect.arrayContaining(['陈姐', '周姐', '吴总']));

    // The server's rule across two fields, under the field it names, while typing.
    await page.getByLabel('距上次客户来消息：至少（天）').fill('30');
    await page.getByLabel('距上次客户来消息：至多（天）').fill('7');
    await expect.poll(() => page.locator('.field-error[data-field="lastContactMax"]').textContent()).toBe('minDays must not be above maxDays');
    await page.getByLabel('距上次客户来消息：至多（天）').fill('');
    await page.getByLabel('距上次客户来消息：至少（天）').fill('');
    await page.getByLabel('包括从未来过消息的客户').check();
    await expect.poll(() => page.locator('.field-error[data-field="lastContactMax"]').textContent()).toBe('');
    await page.getByLabel('包括从未来过消息的客户').uncheck();
    await expect.poll(count).toBe('3 人');

    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑人群' }).waitFor();
    const stored = await world.database.db.segment.findFirstOrThrow();
    expect(JSON.parse(stored.definition)).toEqual({ stages: ['lapsed'] });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出全部成员（CSV）' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split(/\r?\n/).filter(Boolean);
    expect(csv).toHaveLength(4);
    for (const name of ['陈姐', '周姐', '吴总']) expect(csv.slice(1).filter((line) => line.includes(name))).toHaveLength(1);

    await page.getByLabel('群发文案').fill('好久不见～老客专属回归礼已为您预留，回复“1”领取');
    await page.getByRole('button', { name: '创建召回' }).click();
    const created = page.getByTestId('recall-created');
    const kpi = (scope: typeof created, label: string) => scope.locator('.kpi').filter({ has: page.locator('.kpi-label').getByText(label, { exact: true }) }).locator('.kpi-value').textContent();
    await expect.poll(() => kpi(created, '群发客户')).toBe('2');
    expect(await kpi(created, '1 对 1 任务')).toBe('1');
    expect(templates.map((t) => [t.sender, t.external_userid])).toEqual(
      expect.arrayContaining([
        ['sales.li', ['wmSegChen']],
        ['sales.wang', ['wmSegZhou']],
      ]),
    );
    expect(templates).toHaveLength(2);
    expect(await world.database.db.salesTask.count({ where: { externalUserId: 'wmSegWu' } })).toBe(1);

    // 陈姐 answers after the send: recalled; 周姐 does not.
    await world.database.db.chatMessage.create({ data: { messageKey: 'archive:seg-reply', source: 'archive', externalUserId: 'wmSegChen', userId: 'sales.li', direction: 'in', msgType: 'text', text: '1', sentAt: NOW + 3600 } });
    const results = page.getByTestId('recall-results');
    await page.getByRole('button', { name: '立即查询结果' }).click();
    await expect.poll(() => kpi(results, '已送达')).toBe('2');
    expect(await kpi(results, '群发召回率')).toBe('50.0%');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-segments.png'), fullPage: true });
  });
});
