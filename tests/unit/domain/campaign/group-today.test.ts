import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES, type Campaign } from '../../../../src/domain/campaign/campaign.ts';
import { groupCampaignToday, NAMES_SHOWN, type GroupCampaignInput } from '../../../../src/domain/campaign/group-today.ts';
import { namedReminderText } from '../../../../src/domain/campaign/replies.ts';

const FIXTURE_CAMPAIGN: Campaign = {
  id: 7,
  name: '7天燕窝打卡',
  chatIds: ['wrA', 'wrB'],
  startDate: '2026-11-20',
  days: 7,
  timezone: 'Asia/Shanghai',
  status: 'active',
  rules: { ...DEFAULT_CAMPAIGN_RULES, mentionCap: 2, reminders: [{ time: '20:00', text: '记得打卡哦' }] },
};
/** 2026-11-23 00:30 in Shanghai (still 2026-11-22 in UTC): day 4. */
const FIXTURE_NOW = new Date(Date.UTC(2026, 10, 22, 16, 30));

function input(overrides: Partial<GroupCampaignInput> = {}): GroupCampaignInput {
  return {
    members: [
      { chatId: 'wrA', memberKey: 'wmA', displayName: '阿兰' },
      { chatId: 'wrA', memberKey: 'wmB', displayName: '小贝' },
      { chatId: 'wrA', memberKey: 'wmC', displayName: '晨晨' },
      { chatId: 'wrA', memberKey: 'wmD', displayName: '大卫' },
      { chatId: 'wrA', memberKey: 'wmGone', displayName: '离开的人', leftAt: 1 },
      { chatId: 'wrA', memberKey: 'sales.li', displayName: '李店长' },
    ],
    staffIds: new Set(['sales.li']),
    records: [
      { memberKey: 'wmA', displayName: '阿兰', days: [1, 2, 3, 4], points: 40 },
      { memberKey: 'wmB', displayName: '小贝', days: [2, 3], points: 20 },
      // Checked in today, then left the group: counted, not reminded.
      { memberKey: 'wmGone', displayName: '离开的人', days: [4], points: 10 },
      // Another group of the same campaign: on the leaderboard, not in this group's lists.
      { memberKey: 'wmOther', displayName: '别群的人', days: [3, 4], points: 20 },
    ],
    grants: [{ id: 11, displayName: '阿兰', stageDay: 3, reward: '试用装' }],
    now: FIXTURE_NOW,
    ...overrides,
  };
}

describe('groupCampaignToday()', () => {
  it('should count today in the campaign timezone and list who checked in and which present members are missing', () => {
    const today = groupCampaignToday(FIXTURE_CAMPAIGN, input());
    expect(today).toMatchObject({ campaignId: 7, phase: 'running', day: 4, days: 7, sidebarSpeaks: true });
    expect(today.checkedIn).toEqual({ total: 2, names: ['阿兰', '离开的人'].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')) });
    expect(today.missing.total).toBe(3);
    expect([...today.missing.names].sort()).toEqual(['大卫', '小贝', '晨晨'].sort());
    expect(today.missing.names).not.toContain('李店长');
  });

  it('should offer a reminder naming the first missing members and counting the rest, the leaderboard and each reward announcement', () => {
    const today = groupCampaignToday(FIXTURE_CAMPAIGN, input());
    const [first, second, third] = today.missing.names;
    expect(today.messages.reminder).toBe(`@${first} @${second} 记得打卡哦（还有1位小伙伴没打卡）`);
    expect(third).toBeDefined();
    expect(today.leaderboard.map((m) => m.memberKey)).toEqual(['wmA', 'wmOther', 'wmB', 'wmGone']);
    expect(today.messages.leaderboard?.split('\n')[1]).toBe('1. 阿兰 连续4天 40分');
    expect(today.rewards).toEqual([{ grantId: 11, displayName: '阿兰', stageDay: 3, reward: '试用装', announcement: '🎉 恭喜 阿兰 累计打卡3天，获得「试用装」！工作人员会尽快联系发放～' }]);
  });

  it('should cap the listed names but keep the total', () => {
    const members = Array.from({ length: NAMES_SHOWN + 5 }, (_, i) => ({ chatId: 'wrA', memberKey: `wm${i}`, displayName: `成员${String(i).padStart(2, '0')}` }));
    const today = groupCampaignToday(FIXTURE_CAMPAIGN, input({ members, records: [] }));
    expect(today.missing).toMatchObject({ total: NAMES_SHOWN + 5 });
    expect(today.missing.names).toHaveLength(NAMES_SHOWN);
    expect(today.messages.reminder).toBe('@成员00 @成员01 记得打卡哦（还有33位小伙伴没打卡）');
  });

  it('should offer no reminder before the start, when everyone checked in, or when only the bot speaks', () => {
    const before = groupCampaignToday({ ...FIXTURE_CAMPAIGN, startDate: '2026-12-01' }, input());
    expect(before).toMatchObject({ phase: 'before', day: 0, missing: { total: 0, names: [] }, checkedIn: { total: 0 }, messages: { reminder: null, leaderboard: null } });
    const allIn = groupCampaignToday(FIXTURE_CAMPAIGN, input({ members: input().members.slice(0, 1) }));
    expect(allIn.messages.reminder).toBeNull();
    const botOnly = groupCampaignToday({ ...FIXTURE_CAMPAIGN, rules: { ...FIXTURE_CAMPAIGN.rules, voice: 'bot' } }, input());
    expect(botOnly).toMatchObject({ sidebarSpeaks: false, messages: { reminder: null, leaderboard: null } });
    expect(botOnly.rewards).toHaveLength(1);
  });

  it('should show the last day and no missing members once the campaign ended', () => {
    const ended = groupCampaignToday({ ...FIXTURE_CAMPAIGN, startDate: '2026-11-01' }, input());
    expect(ended).toMatchObject({ phase: 'ended', day: 7, missing: { total: 0 }, messages: { reminder: null } });
    expect(ended.messages.leaderboard).toContain('排行榜');
  });
});

describe('namedReminderText()', () => {
  it('should write out the capped names before the text and count the rest', () => {
    expect(namedReminderText('记得打卡', ['甲', '乙', '丙'], 2)).toBe('@甲 @乙 记得打卡（还有1位小伙伴没打卡）');
    expect(namedReminderText('记得打卡', ['甲'], 2)).toBe('@甲 记得打卡');
    expect(namedReminderText('记得打卡', [], 2)).toBeUndefined();
  });
});
