import { describe, expect, it } from 'vitest';
import { handoverStatusFromFailReason, handoverStatusFromResult, planHandover } from '../../../../src/domain/contact/handover.ts';

describe('planHandover()', () => {
  it('should give each customer to the least loaded takeover salesperson, counting what the plan already gave', () => {
    const plan = planHandover(['c1', 'c2', 'c3', 'c4'], ['a', 'b'], new Map([['a', 10], ['b', 8]]), 100);
    expect(Object.fromEntries(plan.assignments)).toEqual({ b: ['c1', 'c2', 'c4'], a: ['c3'] });
    expect(plan.unassigned).toEqual([]);
  });

  it('should never fill anyone past the cap and leave the rest unassigned', () => {
    const plan = planHandover(['c1', 'c2', 'c3'], ['a', 'b'], new Map([['a', 5], ['b', 4]]), 5);
    expect(Object.fromEntries(plan.assignments)).toEqual({ b: ['c1'] });
    expect(plan.unassigned).toEqual(['c2', 'c3']);
  });
});

describe('handover statuses', () => {
  it.each([
    [1, 'completed'],
    [2, 'waiting'],
    [3, 'refused'],
    [4, 'limit_exceeded'],
    [5, 'no_record'],
  ] as const)('should read transfer_result status %i as %s', (code, status) => {
    expect(handoverStatusFromResult(code)).toBe(status);
  });

  it('should read transfer_fail reasons', () => {
    expect(handoverStatusFromFailReason('customer_limit_exceed')).toBe('limit_exceeded');
    expect(handoverStatusFromFailReason('customer_refused')).toBe('refused');
  });
});
