/**
 * What admins read about a campaign: group health (retention, participation,
 * completion, points), the leaderboard, rewards to fulfil, and the points ledger as CSV.
 */
import { campaignDayAt, type Campaign } from '../../domain/campaign/campaign.ts';
import { campaignHealth, type CampaignHealth } from '../../domain/campaign/group-health.ts';
import { leaderboard, type RankedMember } from '../../domain/campaign/streak.ts';
import { csvDocument } from '../../domain/csv.ts';
import type { CampaignRepo, CheckInLedger, GroupRoster } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';

export interface CampaignReportDeps {
  campaigns: Pick<CampaignRepo, 'get'>;
  ledger: CheckInLedger;
  roster: Pick<GroupRoster, 'members'>;
  clock: Clock;
}

export async function campaignOrThrow(deps: { campaigns: Pick<CampaignRepo, 'get'> }, id: number): Promise<Campaign> {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) throw new NotFoundError(`no campaign ${id}`, 'campaign_not_found');
  return campaign;
}

/** The campaign day on `now`: 0 before it starts, its last day after it ends. */
export function campaignToday(campaign: Campaign, now: Date): number {
  const when = campaignDayAt(campaign, now);
  return 'day' in when ? when.day : 'after' in when ? campaign.days : 0;
}

export async function healthOf(deps: CampaignReportDeps, id: number, chatId?: string): Promise<CampaignHealth & { campaignId: number; chatIds: string[] }> {
  const campaign = await campaignOrThrow(deps, id);
  const chatIds = chatId ? [chatId] : campaign.chatIds;
  const members = await deps.roster.members(chatIds);
  const keys = new Set(members.map((m) => m.memberKey));
  const checkIns = await deps.ledger.checkIns(id);
  return {
    campaignId: id,
    chatIds,
    ...campaignHealth(campaign, {
      members,
      // One group's view counts only that group's members.
      checkIns: chatId ? checkIns.filter((c) => keys.has(c.memberKey)) : checkIns,
      pointsAwarded: await deps.ledger.pointsAwarded(id),
      now: deps.clock.now(),
    }),
  };
}

export async function leaderboardOf(deps: CampaignReportDeps, id: number, limit = 10): Promise<RankedMember[]> {
  const campaign = await campaignOrThrow(deps, id);
  return leaderboard(await deps.ledger.memberRecords(id), campaignToday(campaign, deps.clock.now()), limit);
}

/** The points ledger as CSV (UTF-8 with BOM so spreadsheet apps read the Chinese). */
export async function ledgerCsv(deps: CampaignReportDeps, id: number): Promise<string> {
  await campaignOrThrow(deps, id);
  const rows = (await deps.ledger.entries(id)).map((e) => [e.memberKey, e.displayName, e.cause, e.points, new Date(e.at * 1000).toISOString()]);
  return csvDocument([['member_key', 'display_name', 'cause', 'points', 'at'], ...rows]);
}
