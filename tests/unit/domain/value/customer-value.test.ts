import { describe, expect, it } from 'vitest';
import { customerValue, yuan, rfmScores } from '../../../../src/domain/value/customer-value.ts';

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

describe('rfmScores()', () => {
  const NOW = 1_800_000_000;
  const day = 86_400;
  const of = (daysAgo: number, orderCount: number, yuanSpent: number) => rfmScores({ lastOrderAt: NOW - daysAgo * day, orderCount, totalSpendFen: yuanSpent * 100 }, NOW);

  it('should score recency by days since the last order, at the boundaries', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 180, 181].map((d) => of(d, 1, 1).recency)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1]);
  });

  it('should score frequency by orders and monetary by the value thresholds', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => of(0, n, 1).frequency)).toEqual([1, 2, 3, 4, 4, 5]);
    // Default thresholds: 1:1 from 5,000, high from 2,000, mid from 500, half of mid 250 yuan.
    expect([0, 249.99, 250, 500, 1999, 2000, 4999, 5000].map((y) => of(0, 1, y).monetary)).toEqual([1, 1, 2, 3, 3, 4, 4, 5]);
    expect(of(10, 6, 6000).code).toBe('555');
  });
});
