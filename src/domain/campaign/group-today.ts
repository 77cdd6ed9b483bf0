/**
 * A campaign as one group's owner sees it today (the sidebar's group view, issue 9): the
 * day, who checked in and who has not (present members only), the leaderboard, the stage
 * rewards still to announce, and the messages the owner can send with one tap.
 */
import { campaignDayAt, DEFAULT_CAMPAIGN_RULES, sidebarSpeaks, type Campaign } from './campaign.ts';
import type { CampaignMember } from './group-health.ts';
import { leaderboardText, namedReminderText, stageAnnouncement } from './replies.ts';
import { leaderboard, type MemberRecord, type RankedMember } from './streak.ts';

/** Names listed per group of members; the rest are only counted. */
export const NAMES_SHOWN = 30;
export const LEADERBOARD_SIZE = 10;

export interface NameList {
  total: number;
  /** At most {@link NAMES_SHOWN}, in name order. */
  names: string[];
}

export interface RewardToAnnounce {
  grantId: number;
  displayName: string;
  stageDay: number;
  reward: string;
  announcement: string;
}

export interface GroupCampaignToday {
  campaignId: number;
  name: string;
  days: number;
  /** Before day 1, a campaign day, or after the last day (campaign timezone). */
  phase: 'before' | 'running' | 'ended';
  /** Day number while running; 0 before, `days` after. */
  day: number;
  startDate: string;
  checkedIn: NameList;
  missing: NameList;
  leaderboard: RankedMember[];
  rewards: RewardToAnnounce[];
  /** Whether the owner sends the campaign's messages from the sidebar (the campaign's voice is not the bot alone). */
  sidebarSpeaks: boolean;
  /** Ready-made texts; null where the campaign does not let the sidebar speak or nothing is due. */
  messages: { reminder: string | null; leaderboard: string | null };
}

export interface GroupCampaignInput {
  /** The group's roster (left members included: they keep their check-ins). */
  members: readonly CampaignMember[];
  /** Staff in the group (WeCom's member list): never reminded, never counted missing. */
  staffIds: ReadonlySet<string>;
  /** Every member record of the campaign (all its groups): the leaderboard is campaign-wide, as the bot's. */
  records: readonly MemberRecord[];
  /** The group's grants not yet announced. */
  grants: readonly { id: number; displayName: string; stageDay: number; reward: string }[];
  now: Date;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'zh-Hans-CN');

function nameList(sortedNames: readonly string[]): NameList {
  return { total: sortedNames.length, names: sortedNames.slice(0, NAMES_SHOWN) };
}

export function groupCampaignToday(campaign: Campaign, input: GroupCampaignInput): GroupCampaignToday {
  const when = campaignDayAt(campaign, input.now);
  const phase = 'day' in when ? 'running' : 'before' in when ? 'before' : 'ended';
  const day = 'day' in when ? when.day : phase === 'ended' ? campaign.days : 0;
  const checkedToday = new Set(input.records.filter((r) => phase === 'running' && r.days.includes(day)).map((r) => r.memberKey));
  const members = input.members.filter((m) => !input.staffIds.has(m.memberKey));
  const checkedIn = members.filter((m) => checkedToday.has(m.memberKey)).map((m) => m.displayName).sort(byName);
  const missing = phase === 'running' ? members.filter((m) => m.leftAt === undefined && !checkedToday.has(m.memberKey)).map((m) => m.displayName).sort(byName) : [];
  const ranked = leaderboard(input.records, day, LEADERBOARD_SIZE);
  const speaks = sidebarSpeaks(campaign.rules);
  const reminderText = campaign.rules.reminders[0]?.text ?? DEFAULT_CAMPAIGN_RULES.reminders[0]!.text;
  return {
    campaignId: campaign.id,
    name: campaign.name,
    days: campaign.days,
    phase,
    day,
    startDate: campaign.startDate,
    checkedIn: nameList(checkedIn),
    missing: nameList(missing),
    leaderboard: ranked,
    rewards: input.grants.map((g) => ({
      grantId: g.id,
      displayName: g.displayName,
      stageDay: g.stageDay,
      reward: g.reward,
      announcement: stageAnnouncement(g.displayName, { day: g.stageDay, reward: g.reward }),
    })),
    sidebarSpeaks: speaks,
    messages: {
      // The reminder names the members the page lists, in the same order.
      reminder: speaks ? (namedReminderText(reminderText, missing, campaign.rules.mentionCap) ?? null) : null,
      leaderboard: speaks && phase !== 'before' ? leaderboardText(campaign.name, ranked) : null,
    },
  };
}
