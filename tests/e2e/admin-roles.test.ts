/**
 * A department lead in the admin console, end to end in Chromium: the lead signs in with
 * WeCom (the console's own OAuth: the authorize page is routed to come straight back with
 * a code, getuserinfo is nock), sees who is signed in and only the pages a dept lead may
 * use, and the customer list shows the customers of their department's salespeople
 * (上海组 under 华东) and their own — not those of 华南 — and the dashboard counts only those
 * relations. Screenshots: __screenshots__/admin-dept-lead-dashboard.png, admin-dept-lead-customers.png.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, routeWecomLogin } from './browser.ts';
import { FIXTURE_NOW_MS, startSidebarWorld, type SidebarWorld } from './sidebar-world.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const ADMIN_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist-admin/admin.html');
const SCREENSHOTS = join(import.meta.dirname, '__screenshots__');
const NOW = FIXTURE_NOW_MS / 1000;

/** Customers by who serves them: the lead's department (li in 上海组, the lead) and another (wang in 华南). */
const CUSTOMERS: [userId: string, externalUserId: string, name: string][] = [
  ['sales.li', 'wmRoleLi1', '林阿姨'],
  ['sales.li', 'wmRoleLi2', '陈先生'],
  ['lead.zhou', 'wmRoleZhou1', '周太太'],
  ['sales.wang', 'wmRoleWang1', '黄小姐'],
  ['sales.wang', 'wmRoleWang2', '何先生'],
];

let browser: Browser;
let world: SidebarWorld;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(ADMIN_DIST_INDEX)) throw new Error('sidebar/dist-admin is missing: run `npm run sidebar:build` first (npm test does)');
  browser = await launchChromium();
  world = await startSidebarWorld('real', { ADMIN_TOKEN });
  const access = world.app.container.admin.access;
  await access.directory.replace(
    {
      departments: [
        { id: 1, name: '总部', parentId: 0 },
        { id: 2, name: '华东销售部', parentId: 1 },
        { id: 3, name: '上海组', parentId: 2 },
        { id: 4, name: '华南销售部', parentId: 1 },
      ],
      staff: [
        { userId: 'lead.zhou', name: '周主管', departmentIds: [2], leadsDepartmentIds: [2] },
        { userId: 'sales.li', name: '李娜', departmentIds: [3], leadsDepartmentIds: [] },
        { userId: 'sales.wang', name: '王强', departmentIds: [4], leadsDepartmentIds: [] },
      ],
    },
    NOW,
  );
  await access.roles.put({ userId: 'lead.zhou', role: 'dept_lead', departmentIds: null, grantedBy: 'admin-token', grantedAt: NOW });
  const db = world.database.db;
  for (const [userId, externalUserId, name] of CUSTOMERS) {
    await db.customer.create({ data: { externalUserId, name, type: 1, fetchedAt: new Date(FIXTURE_NOW_MS) } });
    await db.followRelation.create({ data: { userId, externalUserId, addedAt: NOW - 86_400, status: 'active', statusChangedAt: NOW - 86_400 } });
  }
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await routeWecomLogin(context, () => 'lead.zhou');
});

afterAll(async () => {
  await context?.close();
  await world?.close();
  await browser?.close();
});

describe('admin console as a department lead', () => {
  it('should sign in with WeCom and list only the customers of the lead\'s department', async () => {
    const page = await context.newPage();
    await page.clock.setFixedTime(FIXTURE_NOW_MS);
    await page.goto(`${world.app.baseUrl}/admin/`);
    await page.getByRole('link', { name: '企业微信登录' }).click();
    // The dashboard opens first, counted over the lead's department: 3 customers added yesterday.
    await page.getByRole('heading', { name: '数据看板' }).waitFor();
    await expect.poll(() => page.locator('.kpi', { hasText: '新增客户' }).locator('.kpi-value').textContent()).toBe('3');
    // Its breakdown per salesperson lists the lead's department only.
    await page.locator('[data-testid="breakdown"] table tbody tr').first().waitFor();
    const salespeople = (await page.locator('[data-testid="breakdown"] table tbody tr td:first-child').allTextContents()).join(' ');
    expect(salespeople).toMatch(/sales\.li/);
    expect(salespeople).toMatch(/lead\.zhou/);
    expect(salespeople).not.toMatch(/sales\.wang/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dept-lead-dashboard.png'), fullPage: true });
    await page.getByRole('link', { name: '客户列表' }).click();
    await page.getByRole('heading', { name: '客户列表' }).waitFor();
    await page.locator('.table tbody tr').first().waitFor();

    expect(await page.locator('.whoami').textContent()).toBe('周主管 · 部门主管');
    expect(await page.locator('.nav a').allTextContents()).toEqual(['数据看板', '客户列表']);
    const rows = page.locator('.table tbody tr');
    const names = (await rows.locator('td:first-child strong').allTextContents()).filter((n) => CUSTOMERS.some((c) => c[2] === n));
    expect(names.sort()).toEqual(['周太太', '林阿姨', '陈先生'].sort());
    expect(await page.locator('.table tbody').textContent()).not.toMatch(/黄小姐|何先生|sales\.wang/);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'scrm_admin')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/admin' });
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dept-lead-customers.png'), fullPage: true });

    // The API says the same to the lead's session: a customer of 华南 is not there, and admin pages are refused.
    const status = (path: string) => page.evaluate(async (p) => (await fetch(p, { headers: { 'x-requested-with': 'fetch' } })).status, path);
    expect(await status('/api/admin/customers/wmRoleWang1')).toBe(404);
    expect(await status('/api/admin/customers/wmRoleLi1')).toBe(200);
    expect(await status('/api/admin/dashboard/campaigns')).toBe(403);
    expect(await status('/api/admin/roles')).toBe(403);
  });

  it('should show an admin the roles page with the lead\'s scope, grant a role from it and find that write in the audit log', async () => {
    const admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const page = await admin.newPage();
      await page.clock.setFixedTime(FIXTURE_NOW_MS);
      await page.goto(`${world.app.baseUrl}/admin/#/roles`);
      await page.getByLabel('管理员令牌（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '角色权限' }).waitFor();
      expect(await page.locator('.whoami').textContent()).toBe('管理员令牌 · 超级管理员');
      const leadRow = page.locator('.table tbody tr', { hasText: 'lead.zhou' });
      expect(await leadRow.textContent()).toContain('可见：华东销售部、上海组');
      // Make sales.li a dept lead of 上海组 through the page: one audited write.
      const liRow = page.locator('.table tbody tr', { hasText: 'sales.li' });
      await liRow.getByLabel('sales.li 的角色').selectOption('dept_lead');
      await liRow.getByLabel('sales.li 的部门').fill('3');
      await liRow.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('.table tbody tr', { hasText: 'sales.li' }).textContent()).toContain('可见：上海组');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-roles.png'), fullPage: true });

      await page.goto(`${world.app.baseUrl}/admin/#/audit`);
      await page.getByRole('heading', { name: '操作日志' }).waitFor();
      await page.locator('.table tbody tr', { hasText: 'PUT /api/admin/roles/:userId' }).waitFor();
      const row = await page.locator('.table tbody tr', { hasText: 'PUT /api/admin/roles/:userId' }).first().textContent();
      expect(row).toContain('admin-token');
      expect(row).toContain('sales.li');
      expect(await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href')).toBe('/api/admin/audit.csv');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit.png'), fullPage: true });
    } finally {
      await admin.close();
    }
  });
});
