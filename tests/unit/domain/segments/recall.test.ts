import { describe, expect, it } from 'vitest';
import { planRecall, recallReport, recipientStatusOf, type RecallCounts } from '../../../../src/domain/segments/recall.ts';
import type { SegmentMember } from '../../../../src/domain/segments/segment.ts';

const member = (externalUserId: string, userIds: string[], highValue = false): SegmentMember => ({
  externalUserId, name: null, userIds, stage: 'lapsed', layer: 'low', totalSpendFen: 0, highValue,
});

describe('planRecall()', () => {
  it('should batch members per first salesperson, task the 1:1-only ones and leave out the capped', () => {
    const plan = planRecall(
      [member('wm1', ['li']), member('wm2', ['wang', 'li']), member('wm3', ['li'], true), member('wm4', ['li']), member('wm5', ['wang'], true)],
      new Set(['wm4', 'wm5']),
    );
    expect(Object.fromEntries(plan.mass)).toEqual({ li: [['wm1']], wang: [['wm2']] });
    expect(plan.oneToOne).toEqual([{ userId: 'li', externalUserId: 'wm3' }]);
    // The cap wins over the 1:1 task too: a task is also a contact.
    expect(plan.capped).toEqual(['wm4', 'wm5']);
  });

  it('should split a salesperson at the per-call limit', () => {
    const members = Array.from({ length: 7 }, (_, i) => member(`wm${i}`, ['li']));
    expect(planRecall(members, new Set(), 3).mass.get('li')).toEqual([['wm0', 'wm1', 'wm2'], ['wm3', 'wm4', 'wm5'], ['wm6']]);
  });

  it('should skip a member without a salesperson', () => {
    const plan = planRecall([member('wm1', [])], new Set());
    expect([plan.mass.size, plan.oneToOne.length, plan.capped.length]).toEqual([0, 0, 0]);
  });
});

describe('recallReport()', () => {
  it('should divide recalled by sent (not by pending or failed) and tasks separately', () => {
    const counts: RecallCounts[] = [
      { channel: 'mass', status: 'sent', recipients: 50, recalled: 14 },
      { channel: 'mass', status: 'pending', recipients: 30, recalled: 0 },
      { channel: 'mass', status: 'failed', recipients: 20, recalled: 0 },
      { channel: 'task', status: 'task', recipients: 4, recalled: 1 },
    ];
    expect(recallReport(counts)).toEqual({
      mass: { recipients: 100, pending: 30, sent: 50, failed: 20, recalled: 14, rate: 0.28 },
      oneToOne: { tasks: 4, recalled: 1, rate: 0.25 },
    });
  });

  it('should give no rate when nothing was sent', () => {
    expect(recallReport([]).mass.rate).toBeNull();
    expect(recallReport([]).oneToOne.rate).toBeNull();
  });
});

describe('recipientStatusOf()', () => {
  it.each([[0, 'pending'], [1, 'sent'], [2, 'failed'], [3, 'failed']] as const)('should map WeCom status %i to %s', (wecom, ours) => {
    expect(recipientStatusOf(wecom)).toBe(ours);
  });
});
