import { describe, expect, it } from 'vitest';
import { customerValue, yuan } from '../../../../src/domain/value/customer-value.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;

describe('customerValue()', () => {
  it('should sum spend, count orders, keep first and last purchase and layer by the last year', () => {
    const value = customerValue('wm1', [
      { amountFen: 300_000, orderedAt: NOW - 400 * DAY },
      { amountFen: 60_000, orderedAt: NOW - 30 * DAY },
      { amountFen: 9_900, orderedAt: NOW - DAY },
    ], NOW);
    expect(value).toEqual({
      externalUserId: 'wm1', totalSpendFen: 369_900, annualSpendFen: 69_900, orderCount: 3,
      firstOrderAt: NOW - 400 * DAY, lastOrderAt: NOW - DAY, valueLayer: 'mid', highValue: false,
    });
  });

  it('should mark 1:1-only customers from 5,000 yuan cumulative, with configurable thresholds', () => {
    expect(customerValue('wm1', [{ amountFen: 500_000, orderedAt: NOW }], NOW)).toMatchObject({ valueLayer: 'high', highValue: true });
    expect(customerValue('wm1', [{ amountFen: 499_999, orderedAt: NOW }], NOW).highValue).toBe(false);
    expect(customerValue('wm1', [{ amountFen: 1_000, orderedAt: NOW }], NOW, { highAnnualFen: 1_000, midAnnualFen: 500, oneToOneFen: 1_000 })).toMatchObject({ valueLayer: 'high', highValue: true });
    expect(yuan(369_900)).toBe(3_699);
  });
});
