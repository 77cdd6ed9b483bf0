/**
 * Custom profile fields in the sidebar: the built page in Chromium at phone size, sandbox
 * mode (dev login, dev JS-SDK shim opened on `?customer=`), the fields of the shared
 * sidebar world. The salesperson edits a field of each type, saves, reloads and finds
 * the values kept; a bad number is shown under its field and stores nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCustomFieldRepo, SqlCustomFieldValueStore } from '../../src/db/custom-field-repo.ts';
import { launchChromium, phoneContext, PHONE_VIEWPORT } from './browser.ts';
import { FIXTURE_NOW_MS, FIXTURE_SALESPERSON, seedCustomer, startSidebarWorld, type SidebarWorld } from './sidebar-world.ts';

const SCREENSHOT = join(import.meta.dirname, '__screenshots__/sidebar-custom-fields.png');
const SIDEBAR_DIST_INDEX = join(import.meta.dirname, '../../sidebar/dist/index.html');

describe('sidebar custom fields (sandbox: dev login, dev JS-SDK shim)', () => {
  let browser: Browser;
  let world: SidebarWorld;
  let page: Page;
  let externalUserId: string;

  const card = () => page.locator('.card', { hasText: '自定义字段' });
  const storedValues = async () => {
    const sql = world.database.connection.sql;
    const fields = await new SqlCustomFieldRepo(sql).list();
    const values = await new SqlCustomFieldValueStore(sql).valuesOf(externalUserId, fields);
    return Object.fromEntries(fields.map((f) => [f.key, values.get(f.id) ?? null]));
  };

  beforeAll(async () => {
    if (!existsSync(SIDEBAR_DIST_INDEX)) throw new Error('sidebar/dist is missing: run `npm run sidebar:build` first (npm test does)');
    browser = await launchChromium();
    world = await startSidebarWorld('sandbox');
    ({ externalUserId } = await seedCustomer(world));
    page = await (await phoneContext(browser)).newPage();
    await page.clock.setFixedTime(FIXTURE_NOW_MS);
    const returnTo = `/sidebar/?customer=${externalUserId}`;
    await page.goto(`${world.app.baseUrl}/api/sidebar/dev-login?userId=${FIXTURE_SALESPERSON}&returnTo=${encodeURIComponent(returnTo)}`);
    await card().getByRole('button', { name: '保存字段' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('should show a bad number under its field and store nothing', async () => {
    await card().getByLabel('常去门店').fill('万象城店');
    // A number input never yields "12k"; a text one stands in for a client that sends it.
    await card()
      .getByLabel('月预算')
      .evaluate((input) => {
        input.setAttribute('type', 'text');
        (input as unknown as { value: string }).value = '12k';
      });
    await card().getByRole('button', { name: '保存字段' }).click();
    await expect(card().locator('[data-field="budget"] .field-error').textContent()).resolves.toBe('must be a number, e.g. 12 or -3.5');
    await expect(storedValues()).resolves.toMatchObject({ budget: null, shop: null });
  });

  it('should save every type of field and keep the values after a reload', async () => {
    await page.reload();
    await card().getByRole('button', { name: '保存字段' }).waitFor();
    await card().getByLabel('行业').selectOption({ label: '美业' });
    await card().getByRole('checkbox', { name: '燕窝' }).check();
    await card().getByRole('checkbox', { name: '阿胶' }).check();
    await card().getByLabel('月预算').fill('1500');
    await card().getByLabel('生日').fill('1988-06-18');
    await card().getByLabel('常去门店').fill('万象城店');
    await card().getByRole('button', { name: '保存字段' }).click();
    await page.locator('#toast.toast--shown', { hasText: '已保存' }).waitFor();
    await expect(storedValues()).resolves.toEqual({ industry: 'beauty', interests: ['nest', 'gelatin'], budget: 1500, birthday: '1988-06-18', shop: '万象城店' });

    await page.reload();
    await card().getByRole('button', { name: '保存字段' }).waitFor();
    await expect(card().getByLabel('行业').inputValue()).resolves.toBe('beauty');
    await expect(card().getByRole('checkbox', { name: '燕窝' }).isChecked()).resolves.toBe(true);
    await expect(card().getByRole('checkbox', { name: '花胶' }).isChecked()).resolves.toBe(false);
    await expect(card().getByLabel('月预算').inputValue()).resolves.toBe('1500');
    await expect(card().getByLabel('生日').inputValue()).resolves.toBe('1988-06-18');
    await expect(card().getByLabel('常去门店').inputValue()).resolves.toBe('万象城店');
    await card().screenshot({ path: SCREENSHOT });
    // The narrowest WeCom sidebar: the controls stay inside the card.
    await page.setViewportSize({ width: 320, height: PHONE_VIEWPORT.height });
    const overflow = await card().evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
