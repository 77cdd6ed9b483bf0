/**
 * The sidebar in a customer group: who and how many are in it, and this week's joins.
 * Only members of the group (its owner or a colleague in it) may look.
 */
import type { GroupChatDirectory, GroupHistory } from '../../domain/ports.ts';
import { nowSeconds, type Clock } from '../../shared/clock.ts';
import { ForbiddenError } from '../../shared/errors.ts';

export interface GroupView {
  chatId: string;
  name: string;
  owner: string;
  memberCount: number;
  joinedThisWeek: number;
  /** From the group history the callbacks built; null without one. */
  leftThisWeek: number | null;
  /** The group's check-in campaign, once campaigns exist. */
  campaign: null;
}

const WEEK_SECONDS = 7 * 24 * 3600;

export async function sidebarGroup(
  deps: { groups: GroupChatDirectory; history?: Pick<GroupHistory, 'counts'>; clock: Clock },
  userId: string,
  chatId: string,
): Promise<GroupView> {
  const group = await deps.groups.get(chatId);
  const isMember = group && (group.owner === userId || group.members.some((m) => m.type === 'member' && m.userId === userId));
  if (!group || !isMember) throw new ForbiddenError('无权查看该群：你不在这个群里');
  const weekAgo = nowSeconds(deps.clock) - WEEK_SECONDS;
  return {
    chatId,
    name: group.name,
    owner: group.owner,
    memberCount: group.members.length,
    joinedThisWeek: group.members.filter((m) => m.joinTime >= weekAgo).length,
    leftThisWeek: deps.history ? (await deps.history.counts(chatId, weekAgo)).left : null,
    campaign: null,
  };
}
