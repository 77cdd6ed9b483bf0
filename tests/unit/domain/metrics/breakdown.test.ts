import { describe, expect, it } from 'vitest';
import { buildBreakdown, type BreakdownCounts } from '../../../../src/domain/metrics/breakdown.ts';

const counts = (key: string, extra: Partial<BreakdownCounts> = {}): BreakdownCounts => ({
  key, added: 0, contactedWithin24h: 0, lost: 0, served: 0, repliers: 0, orders: 0, revenueFen: 0, matured30: 0, converted30: 0, matured60: 0, converted60: 0, ...extra,
});

describe('buildBreakdown()', () => {
  it('should turn counts into rates, null where nothing has had its days yet, money in yuan', () => {
    const { rows } = buildBreakdown({ from: '2024-06-01', to: '2024-06-30', by: 'channel', counts: [counts('live', { name: '直播间', added: 4, contactedWithin24h: 3, served: 5, repliers: 2, revenueFen: 12_345, matured30: 2, converted30: 1 })] });
    expect(rows[0]).toMatchObject({ key: 'live', name: '直播间', firstContactRate: 0.75, replyRate: 0.4, revenue: 123.45, conversion30: 0.5, matured60: 0, conversion60: null });
  });

  it('should list most adds first, then revenue, then key', () => {
    const { rows } = buildBreakdown({
      from: '2024-06-01', to: '2024-06-30', by: 'salesperson',
      counts: [counts('c', { added: 1 }), counts('b', { added: 2, revenueFen: 100 }), counts('a', { added: 2, revenueFen: 100 }), counts('d', { added: 2, revenueFen: 500 })],
    });
    expect(rows.map((r) => [r.key, r.name])).toEqual([['d', null], ['a', null], ['b', null], ['c', null]]);
  });
});
