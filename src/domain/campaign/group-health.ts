/**
 * Group health for a campaign: who was there at the start and is still there
 * (retention), who joined and left each day, how many present members checked in each
 * day (participation), how many kept up every day (completion), and the points awarded.
 */
import { campaignDayAt, dateOfDay, type Campaign } from './campaign.ts';
import { zonedInstant } from '../local-time.ts';

export interface CampaignMember {
  memberKey: string;
  displayName: string;
  chatId: string;
  externalUserId?: string;
  /** Unix seconds; unknown for members found in the group without a join record. */
  joinedAt?: number;
  leftAt?: number;
}

export interface DayHealth {
  day: number;
  date: string;
  present: number;
  checkedIn: number;
  joined: number;
  left: number;
  /** checkedIn / present, 0..1. */
  participation: number;
}

export interface CampaignHealth {
  members: number;
  atStart: number;
  /** Of those at the start, still in the group. */
  stillIn: number;
  /** stillIn / atStart, 0..1 (1 when nobody was known at the start). */
  retention: number;
  /** Members who checked in on every full day so far (every day, once the campaign is over). */
  completed: number;
  /** completed / atStart (or / members when nobody was known at the start). */
  completionRate: number;
  pointsAwarded: number;
  days: DayHealth[];
}

function ratio(part: number, whole: number, empty = 0): number {
  return whole === 0 ? empty : Math.round((part / whole) * 10_000) / 10_000;
}

/** The campaign day of a unix time, clamped: 0 before day 1, days + 1 after the end. */
function dayIndex(campaign: Campaign, at: number): number {
  const when = campaignDayAt(campaign, new Date(at * 1000));
  if ('before' in when) return 0;
  if ('after' in when) return campaign.days + 1;
  return when.day;
}

export function campaignHealth(
  campaign: Campaign,
  input: { members: readonly CampaignMember[]; checkIns: readonly { memberKey: string; day: number }[]; pointsAwarded: number; now: Date },
): CampaignHealth {
  const start = zonedInstant(campaign.startDate, 0, campaign.timezone);
  const atStart = input.members.filter((m) => m.joinedAt === undefined || m.joinedAt < start);
  const stillIn = atStart.filter((m) => m.leftAt === undefined);
  const nowDay = dayIndex(campaign, Math.floor(input.now.getTime() / 1000));
  const lastDay = Math.min(nowDay, campaign.days);
  const byDay = new Map<number, Set<string>>();
  for (const c of input.checkIns) {
    if (!byDay.has(c.day)) byDay.set(c.day, new Set());
    byDay.get(c.day)!.add(c.memberKey);
  }
  const joinDay = new Map(input.members.map((m) => [m.memberKey, m.joinedAt === undefined ? 0 : dayIndex(campaign, m.joinedAt)]));
  const leaveDay = new Map(input.members.map((m) => [m.memberKey, m.leftAt === undefined ? Infinity : dayIndex(campaign, m.leftAt)]));
  const days: DayHealth[] = [];
  for (let day = 1; day <= lastDay; day++) {
    // Present on a day: joined by then and not left before it (leaving that day still counts).
    const present = input.members.filter((m) => joinDay.get(m.memberKey)! <= day && leaveDay.get(m.memberKey)! >= day).length;
    const checkedIn = byDay.get(day)?.size ?? 0;
    days.push({
      day,
      date: dateOfDay(campaign, day),
      present,
      checkedIn,
      joined: input.members.filter((m) => m.joinedAt !== undefined && joinDay.get(m.memberKey) === day).length,
      left: input.members.filter((m) => leaveDay.get(m.memberKey) === day).length,
      participation: ratio(checkedIn, present),
    });
  }
  // Today is not over while the campaign runs: completion counts the full days so far.
  const required = nowDay > campaign.days ? campaign.days : Math.max(nowDay - 1, 1);
  let everyDay = byDay.get(1) ?? new Set<string>();
  for (let day = 2; day <= required; day++) everyDay = new Set([...everyDay].filter((m) => byDay.get(day)?.has(m)));
  const completed = everyDay.size;
  const base = atStart.length > 0 ? atStart.length : input.members.length;
  return {
    members: input.members.length,
    atStart: atStart.length,
    stillIn: stillIn.length,
    retention: ratio(stillIn.length, atStart.length, 1),
    completed,
    completionRate: ratio(completed, base),
    pointsAwarded: input.pointsAwarded,
    days,
  };
}

/** The mean of the days' participation so far (today's included); null before day 1. */
export function averageParticipation(health: Pick<CampaignHealth, 'days'>): number | null {
  if (health.days.length === 0) return null;
  return ratio(health.days.reduce((sum, d) => sum + d.participation, 0), health.days.length);
}
