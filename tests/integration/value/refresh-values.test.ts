/**
 * The periodic value pass on real SQLite and PostgreSQL: annual spend drops as orders age
 * past a year (and the layer with it), unchanged buyers are not rewritten, and paging
 * reaches every buyer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAllValues } from '../../../src/app/refresh-values.ts';
import { SqlOrderStore } from '../../../src/db/order-repo.ts';
import { customerValue, DEFAULT_VALUE_THRESHOLDS } from '../../../src/domain/value/customer-value.ts';
import { fixedClock } from '../../../src/shared/clock.ts';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../helpers/test-db.ts';

const DAY = 86_400;
const NOW = 1_800_000_000;
/** 600 buyers: more than one page of 500. */
const BUYERS = 600;

describe.each(PROVIDERS)('refreshAllValues (%s)', (provider) => {
  let database: TestDatabase;
  let orders: SqlOrderStore;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    orders = new SqlOrderStore(database.connection.sql);
    const rows = Array.from({ length: BUYERS }, (_, i) => ({
      orderId: `o-${i}`,
      externalUserId: `wmV${String(i).padStart(4, '0')}`,
      // Buyer 0 bought 3,000 yuan 360 days ago: high layer now, low once it is over a year old.
      amountFen: i === 0 ? 300_000 : 10_000,
      items: [],
      orderedAt: i === 0 ? NOW - 360 * DAY : NOW - 10 * DAY,
    }));
    await orders.addMany([...rows, { orderId: 'o-0b', externalUserId: 'wmV0000', amountFen: 5_000, items: [], orderedAt: NOW - 5 * DAY }]);
    // Values as the import left them at NOW.
    const byCustomer = await orders.ordersOfMany(rows.map((r) => r.externalUserId));
    await orders.saveValues([...byCustomer].map(([id, own]) => customerValue(id, own, NOW)));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should change nothing when no order has aged and the thresholds are the same', async () => {
    expect(await refreshAllValues({ orders, clock: fixedClock(new Date(NOW * 1000)) })).toBe(0);
  });

  it('should drop an order older than a year from annual spend and the layer, and leave the rest', async () => {
    const later = NOW + 10 * DAY;
    expect(await refreshAllValues({ orders, clock: fixedClock(new Date(later * 1000)) })).toBe(1);
    expect(await orders.valueOf('wmV0000')).toEqual({
      externalUserId: 'wmV0000',
      totalSpendFen: 305_000,
      annualSpendFen: 5_000,
      orderCount: 2,
      firstOrderAt: NOW - 360 * DAY,
      lastOrderAt: NOW - 5 * DAY,
      valueLayer: 'low',
      highValue: false,
    });
    expect((await orders.valueOf('wmV0599'))?.annualSpendFen).toBe(10_000);
  });

  it('should apply new thresholds to every buyer, across pages', async () => {
    const everyoneHigh = { ...DEFAULT_VALUE_THRESHOLDS, highAnnualFen: 1, midAnnualFen: 1 };
    expect(await refreshAllValues({ orders, clock: fixedClock(new Date((NOW + 10 * DAY) * 1000)), thresholds: everyoneHigh })).toBe(BUYERS);
    const values = await orders.valuesOf(['wmV0001', 'wmV0599']);
    expect([...values.values()].map((v) => v.valueLayer)).toEqual(['high', 'high']);
  });
});
