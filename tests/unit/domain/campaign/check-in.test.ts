import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES, type Campaign } from '../../../../src/domain/campaign/campaign.ts';
import { decideCheckIn, readGroupMessage, readNumeral, type MemberLedger } from '../../../../src/domain/campaign/check-in.ts';

const campaign: Campaign = {
  id: 1,
  name: '21天胶原蛋白挑战',
  chatIds: ['wrGroup'],
  startDate: '2026-12-01',
  days: 21,
  timezone: 'Asia/Shanghai',
  status: 'active',
  rules: {
    ...DEFAULT_CAMPAIGN_RULES,
    pointsPerCheckIn: 10,
    streakBonuses: [{ streak: 3, points: 5 }],
    stages: [{ day: 3, reward: '小样' }],
    makeUp: { max: 1, withinDays: 2 },
  },
};
/** 08:00 Shanghai on campaign day `day`. */
const morningOf = (day: number) => new Date(Date.UTC(2026, 11, day, 0, 0));
const empty: MemberLedger = { days: [], makeUpsUsed: 0, points: 0 };

describe('readGroupMessage()', () => {
  const read = (text: string) => readGroupMessage(campaign.rules, { msgType: 'text', text }).kind;

  it('should read keywords, 第N天 patterns, commands and make-ups', () => {
    expect(['打卡', '今天签到啦', '第3天 坚持', '第 十二 天', '排行榜', '@小助手\u2005我的打卡', '补卡', '吃了吗'].map(read)).toEqual([
      'check_in', 'check_in', 'check_in', 'check_in', 'leaderboard', 'my_status', 'make_up', 'none',
    ]);
    expect(readGroupMessage(campaign.rules, { msgType: 'text', text: '补卡 第二天' })).toEqual({ kind: 'make_up', day: 2 });
  });

  it('should count an image only when the campaign says so', () => {
    expect(readGroupMessage(campaign.rules, { msgType: 'image' }).kind).toBe('none');
    expect(readGroupMessage({ ...campaign.rules, imageCounts: true }, { msgType: 'image' }).kind).toBe('check_in');
  });

  it('should read Chinese numerals up to a hundred', () => {
    expect(['3', '十', '十二', '二十', '二十一', '九十九', '一百', '两'].map(readNumeral)).toEqual([3, 10, 12, 20, 21, 99, 100, 2]);
    expect(readNumeral('十十')).toBeUndefined();
  });
});

describe('decideCheckIn()', () => {
  it('should count the first check-in of a day with its points and refuse the second', () => {
    const first = decideCheckIn(campaign, empty, { kind: 'check_in' }, morningOf(1));
    expect(first).toMatchObject({ status: 'counted', day: 1, makeUp: false, awards: [{ cause: 'day1', points: 10 }], after: { daysCheckedIn: 1, streak: 1, points: 10 } });
    const again = decideCheckIn(campaign, { days: [1], makeUpsUsed: 0, points: 10 }, { kind: 'check_in' }, morningOf(1));
    expect(again).toMatchObject({ status: 'duplicate', day: 1 });
  });

  it('should count days in the campaign timezone, not UTC', () => {
    // 23:30 on Dec 1 in Shanghai is 15:30 UTC: still day 1; 00:30 on Dec 2 Shanghai is day 2.
    expect(decideCheckIn({ ...campaign, rules: { ...campaign.rules, window: { from: '00:00', to: '00:00' } } }, empty, { kind: 'check_in' }, new Date(Date.UTC(2026, 11, 1, 15, 30)))).toMatchObject({ day: 1 });
    expect(decideCheckIn({ ...campaign, rules: { ...campaign.rules, window: { from: '00:00', to: '00:00' } } }, empty, { kind: 'check_in' }, new Date(Date.UTC(2026, 11, 1, 16, 30)))).toMatchObject({ day: 2 });
  });

  it('should explain check-ins outside the window or the campaign', () => {
    expect(decideCheckIn(campaign, empty, { kind: 'check_in' }, new Date(Date.UTC(2026, 10, 30, 2)))).toEqual({ status: 'not_started', startDate: '2026-12-01' });
    expect(decideCheckIn(campaign, empty, { kind: 'check_in' }, morningOf(22))).toEqual({ status: 'ended' });
    // 23:30 Shanghai is past the 05:00–23:00 window.
    expect(decideCheckIn(campaign, empty, { kind: 'check_in' }, new Date(Date.UTC(2026, 11, 1, 15, 30)))).toEqual({ status: 'outside_window', window: { from: '05:00', to: '23:00' } });
  });

  it('should award the streak bonus when a run first reaches it, and the stage reward at the day count', () => {
    const third = decideCheckIn(campaign, { days: [1, 2], makeUpsUsed: 0, points: 20 }, { kind: 'check_in' }, morningOf(3));
    expect(third).toMatchObject({
      status: 'counted',
      awards: [{ cause: 'day3', points: 10 }, { cause: 'streak3-from1', points: 5 }],
      stage: { day: 3, reward: '小样' },
      after: { daysCheckedIn: 3, streak: 3, points: 35 },
    });
    const fourth = decideCheckIn(campaign, { days: [1, 2, 3], makeUpsUsed: 0, points: 35 }, { kind: 'check_in' }, morningOf(4));
    expect(fourth).toMatchObject({ awards: [{ cause: 'day4', points: 10 }] });
    expect(fourth).not.toHaveProperty('stage');
  });

  it('should break the streak after a missed day', () => {
    const afterGap = decideCheckIn(campaign, { days: [1, 2], makeUpsUsed: 0, points: 20 }, { kind: 'check_in' }, morningOf(4));
    expect(afterGap).toMatchObject({ status: 'counted', after: { streak: 1, daysCheckedIn: 3 } });
  });

  it('should fill the latest missed day with a make-up within the limits, joining the streak', () => {
    const makeUp = decideCheckIn(campaign, { days: [1, 3], makeUpsUsed: 0, points: 20 }, { kind: 'make_up' }, morningOf(3));
    expect(makeUp).toMatchObject({ status: 'counted', day: 2, makeUp: true, after: { streak: 3 } });
    expect(makeUp.status === 'counted' && makeUp.awards.map((a) => a.cause)).toEqual(['day2', 'streak3-from1']);
  });

  it('should refuse make-ups that are too late, over the limit, for a checked day or for nothing missed', () => {
    expect(decideCheckIn(campaign, { days: [3, 4, 5], makeUpsUsed: 0, points: 0 }, { kind: 'make_up', day: 1 }, morningOf(5))).toEqual({ status: 'make_up_refused', reason: 'too_late' });
    expect(decideCheckIn(campaign, { days: [1], makeUpsUsed: 1, points: 0 }, { kind: 'make_up' }, morningOf(3))).toEqual({ status: 'make_up_refused', reason: 'limit_reached' });
    expect(decideCheckIn(campaign, { days: [1, 2], makeUpsUsed: 0, points: 0 }, { kind: 'make_up', day: 2 }, morningOf(3))).toEqual({ status: 'make_up_refused', reason: 'not_missed' });
    expect(decideCheckIn(campaign, { days: [1, 2], makeUpsUsed: 0, points: 0 }, { kind: 'make_up' }, morningOf(3))).toEqual({ status: 'make_up_refused', reason: 'none_missed' });
    expect(decideCheckIn(campaign, empty, { kind: 'make_up', day: 3 }, morningOf(3))).toEqual({ status: 'make_up_refused', reason: 'not_a_past_day' });
  });

  it('should end with the same points whatever order the days arrive in (late archive batches)', () => {
    const rules = { ...campaign.rules, window: { from: '00:00', to: '00:00' }, stages: [] };
    const late = { ...campaign, rules };
    const days = [1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21];
    const pointsFor = (order: number[]) => {
      const ledger: MemberLedger = { days: [], makeUpsUsed: 0, points: 0 };
      const causes = new Set<string>();
      for (const day of order) {
        // The decision is made as the message arrives; the message was sent on its own day.
        const decision = decideCheckIn(late, ledger, { kind: 'check_in' }, morningOf(day));
        if (decision.status !== 'counted') throw new Error(decision.status);
        // The ledger keeps one entry per cause, as the database's unique key does.
        for (const award of decision.awards.filter((a) => !causes.has(a.cause))) {
          causes.add(award.cause);
          ledger.points += award.points;
        }
        ledger.days = [...ledger.days, day];
      }
      return ledger.points;
    };
    const inOrder = pointsFor(days);
    // Four runs of at least 3 days (1–3, 5–8, 10–13, 15–21): four bonuses.
    expect(inOrder).toBe(days.length * 10 + 4 * 5);
    // 15–17 and 19–21 each earn a bonus before 18 arrives and joins them into one run.
    expect(pointsFor([...days.filter((d) => d !== 18), 18])).toBe(inOrder);
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = [...days].sort((a, b) => ((a * 7919 * seed) % 101) - ((b * 7919 * seed) % 101));
      expect(pointsFor(shuffled)).toBe(inOrder);
    }
  });
});
