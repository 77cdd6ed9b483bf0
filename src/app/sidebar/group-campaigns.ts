/**
 * The campaigns running in a customer group, for the sidebar's group view, and the record
 * of stage rewards the owner announced from it. A grant is marked once, by whichever of the
 * bot and the sidebar gets there first, so neither announces it again.
 */
import type { Campaign } from '../../domain/campaign/campaign.ts';
import { groupCampaignToday, type GroupCampaignToday } from '../../domain/campaign/group-today.ts';
import type { CheckInLedger, GroupChatDirectory, GroupRoster, RewardLog } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Actor } from './customer-actions.ts';
import { groupOfMember, staffOf, type VisibleGroup } from './group-access.ts';

export interface GroupCampaignDeps {
  campaigns: { forChat(chatId: string): Promise<Campaign[]> };
  ledger: Pick<CheckInLedger, 'memberRecords'>;
  rewards: Pick<RewardLog, 'list' | 'markAnnounced'>;
  roster: Pick<GroupRoster, 'members'>;
  groups: GroupChatDirectory;
  clock: Clock;
}

/** Each active campaign of the group as it stands today (the caller has checked access). */
export async function groupCampaigns(deps: Omit<GroupCampaignDeps, 'groups'>, group: VisibleGroup): Promise<GroupCampaignToday[]> {
  const campaigns = await deps.campaigns.forChat(group.chatId);
  if (campaigns.length === 0) return [];
  const members = await deps.roster.members([group.chatId]);
  const staffIds = staffOf(group);
  const now = deps.clock.now();
  return Promise.all(
    campaigns.map(async (campaign) => {
      const [records, grants] = await Promise.all([
        deps.ledger.memberRecords(campaign.id),
        deps.rewards.list(campaign.id, { chatId: group.chatId, announced: false }),
      ]);
      return groupCampaignToday(campaign, { members, staffIds, records, grants, now });
    }),
  );
}

/**
 * The owner sent these grants' announcements from the sidebar: marks those of this
 * campaign and group not yet announced, and answers which it marked (a grant the bot
 * announced meanwhile is not among them).
 */
export async function recordRewardsAnnounced(
  deps: GroupCampaignDeps,
  actor: Actor,
  input: { chatId: string; campaignId: number; grantIds: readonly number[] },
): Promise<{ marked: number[] }> {
  await groupOfMember(deps.groups, actor.userId, input.chatId);
  if (!(await deps.campaigns.forChat(input.chatId)).some((c) => c.id === input.campaignId)) {
    throw new NotFoundError(`no active campaign ${input.campaignId} in this group`, 'campaign_not_found');
  }
  const ofGroup = new Set((await deps.rewards.list(input.campaignId, { chatId: input.chatId })).map((g) => g.id));
  const at = nowSeconds(deps.clock);
  const marked = await deps.rewards.markAnnounced(input.grantIds.filter((id) => ofGroup.has(id)), 'sidebar', at);
  return { marked };
}
