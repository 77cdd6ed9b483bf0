import { describe, expect, it } from 'vitest';
import { lifecycleStage, type LifecycleFacts } from '../../../../src/domain/value/lifecycle.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;
const facts = (overrides: Partial<LifecycleFacts> = {}): LifecycleFacts => ({
  externalUserId: 'wm1', firstAddedAt: NOW - 10 * DAY, served: true, removedByCustomer: false, lastInboundAt: null, lastOrderAt: null, orderCount: 0, ...overrides,
});

describe('lifecycleStage()', () => {
  it.each([
    ['added an hour ago', facts({ firstAddedAt: NOW - 3600 }), 'new'],
    ['talking, no repurchase yet', facts({ lastInboundAt: NOW - DAY, orderCount: 1, lastOrderAt: NOW - 20 * DAY }), 'breaking_in'],
    ['a repeat buyer who is active', facts({ lastInboundAt: NOW - 5 * DAY, orderCount: 3, lastOrderAt: NOW - 10 * DAY }), 'stable'],
    ['quiet for 40 days', facts({ firstAddedAt: NOW - 200 * DAY, lastInboundAt: NOW - 40 * DAY, orderCount: 3, lastOrderAt: NOW - 45 * DAY }), 'declining'],
    ['quiet for 100 days', facts({ firstAddedAt: NOW - 200 * DAY, lastInboundAt: NOW - 100 * DAY }), 'lapsed'],
    ['deleted the salesperson and served by nobody', facts({ served: false, removedByCustomer: true, lastInboundAt: NOW }), 'lost'],
    ['deleted one salesperson but served by another', facts({ served: true, removedByCustomer: true, lastInboundAt: NOW - DAY }), 'breaking_in'],
  ] as const)('should call a customer %s %s', (_name, input, stage) => {
    expect(lifecycleStage(input, NOW)).toBe(stage);
  });

  it('should follow configured thresholds', () => {
    const quiet = facts({ firstAddedAt: NOW - 200 * DAY, lastInboundAt: NOW - 8 * DAY });
    expect(lifecycleStage(quiet, NOW, { newHours: 24, stableOrders: 2, decliningDays: 7, lapsedDays: 60 })).toBe('declining');
    expect(lifecycleStage(quiet, NOW)).toBe('breaking_in');
  });
});
