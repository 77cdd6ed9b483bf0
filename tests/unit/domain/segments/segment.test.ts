import { describe, expect, it } from 'vitest';
import { dayRangeBounds, segmentProblems, spendRangeFen } from '../../../../src/domain/segments/segment.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;
/** floor((now − t) / DAY): the whole days the domain says have passed. */
const daysSince = (t: number) => Math.floor((NOW - t) / DAY);

describe('segmentProblems()', () => {
  it('should accept an empty definition (every served customer) and a full one', () => {
    expect(segmentProblems({})).toEqual([]);
    expect(
      segmentProblems({
        tags: { match: 'all', tagIds: ['etA', 'etB'] },
        stages: ['lapsed', 'declining'],
        layers: ['high'],
        channels: ['ch-live'],
        userIds: ['sales.li'],
        lastContact: { minDays: 30, maxDays: 90 },
        lastOrder: { minDays: 60, includeNever: true },
        spend: { min: 1000, max: 5000.5 },
        annualSpend: { max: 100 },
        highValue: false,
      }),
    ).toEqual([]);
  });

  it('should name each empty, repeated or unknown list value', () => {
    expect(segmentProblems({ stages: [] })).toEqual(['stages: must name at least one value (leave the filter out to match all)']);
    expect(segmentProblems({ userIds: ['a', 'a'] })).toEqual(['userIds: values must not repeat']);
    expect(segmentProblems({ stages: ['gone' as never] })[0]).toMatch(/^stages: unknown values gone/);
    expect(segmentProblems({ layers: ['vip' as never] })[0]).toMatch(/^layers: unknown values vip/);
    expect(segmentProblems({ tags: { match: 'any', tagIds: [''] } })).toEqual(['tags.tagIds: values must not be empty']);
  });

  it('should refuse reversed, open-on-both-sides and fractional day ranges', () => {
    expect(segmentProblems({ lastContact: { minDays: 10, maxDays: 9 } })).toEqual(['lastContact: minDays must not be above maxDays']);
    expect(segmentProblems({ lastContact: { minDays: 10, maxDays: 10 } })).toEqual([]);
    expect(segmentProblems({ lastOrder: {} })).toEqual(['lastOrder: give minDays, maxDays or both']);
    expect(segmentProblems({ lastOrder: { includeNever: true } })).toEqual([]);
    expect(segmentProblems({ lastOrder: { minDays: 1.5 } })[0]).toMatch(/^lastOrder.minDays: must be a whole number/);
    expect(segmentProblems({ lastOrder: { maxDays: -1 } })[0]).toMatch(/^lastOrder.maxDays/);
  });

  it('should refuse spend ranges that are empty (max is excluded), negative or finer than a fen', () => {
    expect(segmentProblems({ spend: { min: 100, max: 100 } })).toEqual(['spend: min must be below max (max is excluded)']);
    expect(segmentProblems({ spend: {} })).toEqual(['spend: give min, max or both']);
    expect(segmentProblems({ annualSpend: { min: -1 } })[0]).toMatch(/^annualSpend.min/);
    expect(segmentProblems({ spend: { min: 0.015 } })[0]).toMatch(/^spend.min: must be yuan/);
    expect(segmentProblems({ spend: { min: 0.01, max: 19.99 } })).toEqual([]);
  });
});

describe('dayRangeBounds()', () => {
  it('should include exactly the times whose whole days since now lie in [minDays, maxDays]', () => {
    const { from, to } = dayRangeBounds({ minDays: 30, maxDays: 90 }, NOW);
    // The edges: the last second still 30 days ago, the first second 90 days ago.
    expect(daysSince(to)).toBe(30);
    expect(daysSince(to + 1)).toBe(29);
    expect(daysSince(from)).toBe(90);
    expect(daysSince(from - 1)).toBe(91);
  });

  it('should leave a side open when its bound is not given', () => {
    expect(dayRangeBounds({ minDays: 7 }, NOW)).toEqual({ from: 0, to: NOW - 7 * DAY });
    const { from, to } = dayRangeBounds({ maxDays: 0 }, NOW);
    expect([from, to]).toEqual([NOW - DAY + 1, 2_147_483_647]);
  });
});

describe('spendRangeFen()', () => {
  it('should turn yuan into whole fen without float drift', () => {
    expect(spendRangeFen({ min: 19.99, max: 5000 })).toEqual({ minFen: 1999, maxFen: 500_000 });
    expect(spendRangeFen({ max: 0.29 })).toEqual({ maxFen: 29 });
  });
});
