import { describe, expect, it } from 'vitest';
import { buildChannelStats } from '../../../../src/domain/metrics/channel-stats.ts';
import { dayNumber } from '../../../../src/domain/metrics/dashboard.ts';

describe('buildChannelStats()', () => {
  it('should give every day of the range with zeros where nothing happened, the net per day and the totals', () => {
    const first = dayNumber('2024-06-30')!;
    const stats = buildChannelStats({
      channelId: 3,
      from: '2024-06-30',
      to: '2024-07-02',
      counts: [
        { day: first, added: 4, deletedByStaff: 1, deletedByCustomer: 2 },
        { day: first + 2, added: 0, deletedByStaff: 0, deletedByCustomer: 3 },
      ],
    });
    expect(stats.days).toEqual([
      { date: '2024-06-30', added: 4, deletedByStaff: 1, deletedByCustomer: 2, net: 1 },
      { date: '2024-07-01', added: 0, deletedByStaff: 0, deletedByCustomer: 0, net: 0 },
      { date: '2024-07-02', added: 0, deletedByStaff: 0, deletedByCustomer: 3, net: -3 },
    ]);
    expect(stats.totals).toEqual({ added: 4, deletedByStaff: 1, deletedByCustomer: 5, net: -2 });
  });
});
