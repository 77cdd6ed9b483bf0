/**
 * The sidebar in a customer group: who and how many are in it, this week's joins and
 * leaves, and its check-in campaigns today. Only members of the group (its owner or a
 * colleague in it) may look.
 */
import type { GroupCampaignToday } from '../../domain/campaign/group-today.ts';
import type { GroupChatDirectory, GroupHistory } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { groupCampaigns, type GroupCampaignDeps } from './group-campaigns.ts';
import { groupOfMember } from './group-access.ts';

export interface GroupView {
  chatId: string;
  name: string;
  owner: string;
  memberCount: number;
  joinedThisWeek: number;
  /** From the group history the callbacks built; null without one. */
  leftThisWeek: number | null;
  /** The active check-in campaigns running in the group. */
  campaigns: GroupCampaignToday[];
}

const WEEK_SECONDS = 7 * 24 * 3600;

export async function sidebarGroup(
  deps: { groups: GroupChatDirectory; history?: Pick<GroupHistory, 'counts'>; campaigns?: Omit<GroupCampaignDeps, 'groups' | 'clock'>; clock: Clock },
  userId: string,
  chatId: string,
): Promise<GroupView> {
  const group = await groupOfMember(deps.groups, userId, chatId);
  const weekAgo = nowSeconds(deps.clock) - WEEK_SECONDS;
  return {
    chatId,
    name: group.name,
    owner: group.owner,
    memberCount: group.members.length,
    joinedThisWeek: group.members.filter((m) => m.joinTime >= weekAgo).length,
    leftThisWeek: deps.history ? (await deps.history.counts(chatId, weekAgo)).left : null,
    campaigns: deps.campaigns ? await groupCampaigns({ ...deps.campaigns, clock: deps.clock }, group) : [],
  };
}
