import { describe, expect, it } from 'vitest';
import { buildDashboard, dashboardWindow, dayDate, dayNumber, type PeriodCounts } from '../../../../src/domain/metrics/dashboard.ts';

const NO_PERIOD: PeriodCounts = { served: 0, repliers: 0, buyers: 0, repeatBuyers: 0, revenueFen: 0, topRevenueFen: 0 };

describe('dashboardWindow', () => {
  it('should span Shanghai midnight of the first day to Shanghai midnight after the last', () => {
    expect(dashboardWindow('2024-06-01', '2024-06-03')).toEqual({
      start: Date.parse('2024-06-01T00:00:00+08:00') / 1000,
      end: Date.parse('2024-06-04T00:00:00+08:00') / 1000,
    });
  });

  it('should take a leap year of 366 days and refuse 367', () => {
    expect(dashboardWindow('2024-01-01', '2024-12-31')).not.toHaveProperty('problem');
    expect(dashboardWindow('2024-01-01', '2025-01-01')).toEqual({ problem: 'to: the range is at most 366 days' });
  });

  it.each([
    ['2024-02-30', '2024-03-01', 'from: must be a real date YYYY-MM-DD'],
    ['2024-02-29', '2023-02-29', 'to: must be a real date YYYY-MM-DD'],
    ['2024-06-02', '2024-06-01', 'from: must not be after to'],
    ['20240601', '2024-06-01', 'from: must be a real date YYYY-MM-DD'],
  ])('should refuse %s..%s', (from, to, problem) => {
    expect(dashboardWindow(from, to)).toEqual({ problem });
  });
});

describe('dayNumber and dayDate', () => {
  it('should round-trip a date through its day number', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayDate(dayNumber('2024-02-29')!)).toBe('2024-02-29');
  });
});

describe('buildDashboard', () => {
  it('should fill missing days with zeros, sum the days, and turn fen into yuan and counts into rates', () => {
    const june2 = dayNumber('2024-06-02')!;
    const dashboard = buildDashboard({
      from: '2024-06-01',
      to: '2024-06-03',
      days: [{ day: june2, added: 4, contactedWithin24h: 3, lost: 1, repliers: 2, orders: 3, revenueFen: 10_001 }],
      period: { served: 8, repliers: 2, buyers: 3, repeatBuyers: 1, revenueFen: 10_001, topRevenueFen: 7_000 },
      stages: new Map([['stable', 5], ['unknown_stage', 9]]),
      loads: [{ userId: 'sales.li', customers: 4_999 }],
    });
    expect(dashboard.days.map((d) => [d.date, d.added, d.revenue])).toEqual([
      ['2024-06-01', 0, 0],
      ['2024-06-02', 4, 100.01],
      ['2024-06-03', 0, 0],
    ]);
    expect(dashboard.totals).toMatchObject({ added: 4, firstContactRate: 0.75, replyRate: 0.25, averageOrderValue: 33.34, repurchaseRate: 1 / 3, topRevenueShare: 7_000 / 10_001 });
    expect(dashboard.stages).toEqual({ new: 0, breaking_in: 0, stable: 5, declining: 0, lapsed: 0, lost: 0 });
    expect(dashboard.loads).toEqual([{ userId: 'sales.li', customers: 4_999, capShare: 0.9998 }]);
  });

  it('should give null rates when there is nothing to divide by', () => {
    const { totals } = buildDashboard({ from: '2024-06-01', to: '2024-06-01', days: [], period: NO_PERIOD, stages: new Map(), loads: [] });
    expect(totals).toMatchObject({ firstContactRate: null, replyRate: null, averageOrderValue: null, repurchaseRate: null, topRevenueShare: null });
  });
});
