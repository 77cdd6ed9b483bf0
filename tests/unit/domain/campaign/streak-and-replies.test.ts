import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES, dueReminders, dueSummaryDay, type Campaign } from '../../../../src/domain/campaign/campaign.ts';
import { acknowledgementText, leaderboardText, reminderMessages, statusText } from '../../../../src/domain/campaign/replies.ts';
import { currentStreak, leaderboard } from '../../../../src/domain/campaign/streak.ts';

describe('currentStreak()', () => {
  it('should keep a streak alive until a day is missed', () => {
    const days = new Set([1, 2, 3, 5, 6]);
    expect([currentStreak(days, 6), currentStreak(days, 7), currentStreak(days, 8), currentStreak(days, 3)]).toEqual([2, 2, 0, 3]);
  });
});

describe('leaderboard()', () => {
  it('should rank by streak, then points, and leave out members without check-ins', () => {
    const ranked = leaderboard(
      [
        { memberKey: 'a', displayName: '阿兰', days: [1, 2, 3], points: 30 },
        { memberKey: 'b', displayName: '小贝', days: [2, 3], points: 50 },
        { memberKey: 'c', displayName: '晨晨', days: [1, 2, 3], points: 40 },
        { memberKey: 'd', displayName: '大卫', days: [], points: 0 },
      ],
      3,
    );
    expect(ranked.map((m) => [m.rank, m.memberKey, m.streak, m.points])).toEqual([
      [1, 'c', 3, 40],
      [2, 'a', 3, 30],
      [3, 'b', 2, 50],
    ]);
    expect(leaderboardText('挑战', ranked).split('\n')).toEqual(['🏆「挑战」排行榜', '1. 晨晨 连续3天 40分', '2. 阿兰 连续3天 30分', '3. 小贝 连续2天 50分']);
  });
});

describe('replies', () => {
  it('should acknowledge a batch in one line', () => {
    const text = acknowledgementText([
      { displayName: '阿兰', day: 5, makeUp: false, standing: { daysCheckedIn: 5, streak: 5, points: 50 } },
      { displayName: '小贝', day: 4, makeUp: true, standing: { daysCheckedIn: 4, streak: 2, points: 40 } },
    ]);
    expect(text).toBe('✅ 打卡成功：阿兰 第5天·连续5天·50分；小贝 补卡第4天·连续2天·40分');
    expect(text).not.toContain('\n');
  });

  it('should tell a member their own status', () => {
    expect(statusText('阿兰', { daysCheckedIn: 5, streak: 2, points: 55 }, 21, false)).toBe('@阿兰 已打卡5/21天，连续2天，共55分，今天还没打卡');
    expect(statusText('阿兰', undefined, 21, false)).toContain('还没有打卡记录');
  });

  it('should mention at most the cap per reminder message and count the rest', () => {
    const missing = Array.from({ length: 7 }, (_, i) => `m${i}`);
    const messages = reminderMessages('记得打卡', missing, { mentionCap: 3, reminderMaxMessages: 2 });
    expect(messages.map((m) => m.mentions)).toEqual([['m0', 'm1', 'm2'], ['m3', 'm4', 'm5']]);
    expect(messages[1]!.text).toBe('记得打卡（还有1位小伙伴没打卡）');
    expect(reminderMessages('记得打卡', [], { mentionCap: 3, reminderMaxMessages: 2 })).toEqual([]);
  });
});

describe('schedules', () => {
  const campaign: Campaign = {
    id: 1, name: 'c', chatIds: ['g'], startDate: '2026-12-01', days: 7, timezone: 'Asia/Shanghai', status: 'active',
    rules: { ...DEFAULT_CAMPAIGN_RULES, reminders: [{ time: '20:00', text: 'r' }], summaryWebhookKey: 'k', summaryTime: '09:00' },
  };
  // 20:10 Shanghai on Dec 3 = 12:10 UTC.
  it('should find reminders due within the grace hour of a campaign day only', () => {
    expect(dueReminders(campaign, new Date(Date.UTC(2026, 11, 3, 12, 10)))).toEqual([{ day: 3, slot: 0, reminder: { time: '20:00', text: 'r' } }]);
    expect(dueReminders(campaign, new Date(Date.UTC(2026, 11, 3, 11, 50)))).toEqual([]);
    expect(dueReminders(campaign, new Date(Date.UTC(2026, 11, 3, 13, 30)))).toEqual([]);
    expect(dueReminders(campaign, new Date(Date.UTC(2026, 11, 9, 12, 10)))).toEqual([]);
    expect(dueReminders({ ...campaign, status: 'archived' }, new Date(Date.UTC(2026, 11, 3, 12, 10)))).toEqual([]);
  });

  it("should post yesterday's summary, including the last day's on the day after", () => {
    expect(dueSummaryDay(campaign, new Date(Date.UTC(2026, 11, 3, 1, 5)))).toBe(2);
    expect(dueSummaryDay(campaign, new Date(Date.UTC(2026, 11, 8, 1, 5)))).toBe(7);
    expect(dueSummaryDay(campaign, new Date(Date.UTC(2026, 11, 1, 1, 5)))).toBeUndefined();
  });
});
