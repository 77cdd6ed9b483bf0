import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES, type Campaign } from '../../../../src/domain/campaign/campaign.ts';
import { averageParticipation, campaignHealth, type CampaignMember } from '../../../../src/domain/campaign/group-health.ts';
import { zonedInstant } from '../../../../src/domain/local-time.ts';

const campaign: Campaign = { id: 1, name: 'c', chatIds: ['g'], startDate: '2026-12-01', days: 3, timezone: 'Asia/Shanghai', status: 'active', rules: DEFAULT_CAMPAIGN_RULES };
/** Unix seconds at noon Shanghai on campaign day `day` (day 0 = the day before). */
const noonOf = (day: number) => zonedInstant('2026-12-01', 12 * 60, 'Asia/Shanghai') + (day - 1) * 86_400;
const member = (key: string, extra: Partial<CampaignMember> = {}): CampaignMember => ({ memberKey: key, displayName: key, chatId: 'g', ...extra });

describe('campaignHealth()', () => {
  const members = [
    member('a', { joinedAt: noonOf(0) }),
    member('b'),
    member('c', { joinedAt: noonOf(0), leftAt: noonOf(2) }),
    member('d', { joinedAt: noonOf(2) }),
  ];
  const checkIns = [
    { memberKey: 'a', day: 1 }, { memberKey: 'a', day: 2 }, { memberKey: 'a', day: 3 },
    { memberKey: 'b', day: 1 }, { memberKey: 'c', day: 1 }, { memberKey: 'd', day: 2 },
  ];

  it('should count retention over the members there at the start, leavers included', () => {
    const health = campaignHealth(campaign, { members, checkIns, pointsAwarded: 60, now: new Date(noonOf(4) * 1000) });
    expect(health).toMatchObject({ members: 4, atStart: 3, stillIn: 2, retention: 0.6667, completed: 1, completionRate: 0.3333, pointsAwarded: 60 });
  });

  it('should count per-day presence, joins, leaves and participation', () => {
    const health = campaignHealth(campaign, { members, checkIns, pointsAwarded: 60, now: new Date(noonOf(3) * 1000) });
    expect(health.days.map((d) => [d.day, d.present, d.checkedIn, d.joined, d.left, d.participation])).toEqual([
      [1, 3, 3, 0, 0, 1],
      [2, 4, 2, 1, 1, 0.5],
      [3, 3, 1, 0, 0, 0.3333],
    ]);
  });

  it('should report only the days so far while the campaign runs', () => {
    const health = campaignHealth(campaign, { members, checkIns, pointsAwarded: 0, now: new Date(noonOf(2) * 1000) });
    expect(health.days.map((d) => d.day)).toEqual([1, 2]);
    // Day 2 is not over: completion so far counts day 1 (a, b, c).
    expect(health.completed).toBe(3);
    // On day 3, days 1 and 2 are over: only a has both.
    expect(campaignHealth(campaign, { members, checkIns, pointsAwarded: 0, now: new Date(noonOf(3) * 1000) }).completed).toBe(1);
  });
});

describe('averageParticipation()', () => {
  const day = (participation: number) => ({ day: 1, date: '2026-12-01', present: 1, checkedIn: 0, joined: 0, left: 0, participation });

  it('should average the days so far, rounded like the daily shares, and be null before day 1', () => {
    expect(averageParticipation({ days: [day(1), day(0.3333), day(1), day(0)] })).toBe(0.5833);
    expect(averageParticipation({ days: [day(0.5)] })).toBe(0.5);
    expect(averageParticipation({ days: [] })).toBeNull();
  });
});
