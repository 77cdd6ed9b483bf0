/**
 * The console's 自定义字段 and 会话质检 pages end to end over the real app (the sidebar
 * e2e world, which already defines five custom fields): a field defined with its options
 * and the server's problem shown under the field it names, an option relabelled without
 * losing the value a customer holds, the customer list filtered by a field; then the
 * quality page — a bad regular expression and inverted working hours refused inline, a
 * rule saved, an alert listed by kind, the weekly summary's table.
 * Screenshots: __screenshots__/admin-custom-fields.png, admin-quality.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCustomFieldRepo, SqlCustomFieldValueStore } from '../../src/db/custom-field-repo.ts';
import { SqlQualityAlertStore } from '../../src/db/quality-repo.ts';
import { launchChromium } from './browser.ts';
import { FIXTURE_NOW_MS, FIXTURE_SALESPERSON, seedCustomer, startSidebarWorld, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const NOW = FIXTURE_NOW_MS / 1000;

let browser: Browser;
let world: SidebarWorld;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await world?.close();
  await browser?.close();
});

/** A fresh browser context (no session cookie yet) signed in with the token. */
async function openSignedIn(route: string, ready: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXTURE_NOW_MS);
  await page.goto(`${world.app.baseUrl}/admin/#/${route}`);
  await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: ready }).waitFor();
  return page;
}

describe('admin console: custom fields', () => {
  it('should define a choice field with inline errors, keep values across a relabel, and filter the customer list by it', async () => {
    const page = await openSignedIn('custom-fields', '新建字段');
    await page.getByLabel('名称 *', { exact: true }).fill('会员等级');
    await page.getByLabel('字段键').fill('Tier');
    await page.getByLabel('类型').selectOption('single');
    for (const label of ['普通', '金卡']) {
      await page.getByRole('button', { name: '添加一行' }).click();
      await page.locator('.rows-line:not(.rows-head)').last().getByLabel('选项名称').fill(label);
    }
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="key"]').textContent()).toContain('must start with a lowercase letter');
    await page.getByLabel('字段键').fill('tier');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '编辑字段' }).waitFor();
    const sql = world.database.connection.sql;
    const tier = (await new SqlCustomFieldRepo(sql).list()).find((f) => f.key === 'tier')!;
    expect(tier.options).toEqual([{ key: 'o1', label: '普通' }, { key: 'o2', label: '金卡' }]);
    await expect(page.getByLabel('字段键').isDisabled()).resolves.toBe(true);

    // A customer holds 金卡; relabelling it keeps the value (the option's key stays).
    const { externalUserId: gold } = await seedCustomer(world);
    await seedCustomer(world);
    await new SqlCustomFieldValueStore(sql).save(gold, [{ field: tier, value: 'o2' }], FIXTURE_SALESPERSON, NOW);
    await page.locator('.rows-line:not(.rows-head)').nth(1).getByLabel('选项名称').fill('金卡会员');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('tr[data-id]', { hasText: '金卡会员' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-custom-fields.png'), fullPage: true });
    const relabelled = (await new SqlCustomFieldRepo(sql).get(tier.id))!;
    expect(await new SqlCustomFieldValueStore(sql).valuesOf(gold, [relabelled])).toEqual(new Map([[tier.id, 'o2']]));

    await page.goto(`${world.app.baseUrl}/admin/#/customers`);
    await page.getByRole('checkbox', { name: '金卡会员' }).check();
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.table tbody tr .muted.small').allTextContents()).toEqual([gold]);
  });
});

describe('admin console: quality alerts', () => {
  it('should refuse a bad rule and inverted hours inline, save a rule, list alerts by kind and show the weekly summary', async () => {
    const alerts = new SqlQualityAlertStore(world.database.connection.sql);
    await alerts.add({ dedupeKey: 'sensitive:e2e:1', kind: 'sensitive', userId: FIXTURE_SALESPERSON, externalUserId: 'wmE2eQ1', detail: '加我私人微信', occurredAt: NOW - 3600, raisedAt: NOW - 3600 });
    await alerts.add({ dedupeKey: 'timeout:e2e:1', kind: 'timeout', userId: 'sales.wang', externalUserId: 'wmE2eQ2', detail: '45', occurredAt: NOW - 7200, raisedAt: NOW - 600 });
    const page = await openSignedIn('quality', '新建规则');

    await page.getByLabel('规则名称').fill('私下交易');
    await page.getByLabel('类型 *', { exact: true }).selectOption('regex');
    await page.getByLabel('词语或表达式').fill('私人(微信');
    await page.getByRole('button', { name: '保存' }).first().click();
    await expect.poll(() => page.locator('.field-error[data-field="pattern"]').textContent()).toBe('not a valid regular expression');
    await page.getByLabel('词语或表达式').fill('私人(微信|账户)');
    await page.getByRole('button', { name: '保存' }).first().click();
    await page.getByRole('heading', { name: '编辑规则' }).waitFor();
    expect((await world.database.db.qualityRule.findFirstOrThrow()).pattern).toBe('私人(微信|账户)');

    await page.getByLabel('上班').fill('18:00');
    await page.getByLabel('下班').fill('09:00');
    const hours = page.locator('section', { hasText: '工作时间与超时' });
    await hours.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hours.locator('.field-error[data-field="to"]').textContent()).toBe('from must be before to');

    const list = page.locator('section', { hasText: '提醒记录' });
    await expect.poll(() => list.locator('tr[data-alert-id]').count()).toBe(2);
    await list.getByLabel('类型', { exact: true }).selectOption('timeout');
    await list.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => list.locator('tr[data-alert-id] td').nth(1).textContent()).toBe('sales.wang');
    await expect(list.locator('tr[data-alert-id]').count()).resolves.toBe(1);

    const summary = page.locator('section', { hasText: '每周汇总' });
    await expect(summary.getByLabel('周一（YYYY-MM-DD）').inputValue()).resolves.toBe('2026-11-23');
    // This week's alerts per salesperson (the seeded timeout is sales.wang's).
    const wang = summary.locator('tbody tr', { hasText: 'sales.wang' });
    await expect.poll(() => wang.locator('td').allTextContents()).toEqual(['sales.wang', '0', '0', '0', '1', '—', '—']);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-quality.png'), fullPage: true });
  });
});
