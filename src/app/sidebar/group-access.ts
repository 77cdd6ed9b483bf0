/**
 * Who may open a customer group in the sidebar: its owner and the colleagues in it. Every
 * group read and write checks this first.
 */
import type { GroupChatDirectory } from '../../domain/ports.ts';
import { ForbiddenError } from '../../shared/errors.ts';

export type VisibleGroup = NonNullable<Awaited<ReturnType<GroupChatDirectory['get']>>>;

/** The group as WeCom knows it; ForbiddenError when it is unknown or the salesperson is not in it. */
export async function groupOfMember(groups: GroupChatDirectory, userId: string, chatId: string): Promise<VisibleGroup> {
  const group = await groups.get(chatId);
  const isMember = group && (group.owner === userId || group.members.some((m) => m.type === 'member' && m.userId === userId));
  if (!group || !isMember) throw new ForbiddenError('无权查看该群：你不在这个群里');
  return group;
}

/** The staff in the group (owner included): never counted as members who missed a check-in. */
export function staffOf(group: VisibleGroup): Set<string> {
  return new Set([group.owner, ...group.members.filter((m) => m.type === 'member').map((m) => m.userId)]);
}
