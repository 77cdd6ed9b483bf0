/**
 * A `change_external_chat` update that adds or removes members is kept as group history
 * (WeCom answers only with today's member list). Other group changes record nothing.
 */
import type { ChatChangedEvent } from '../domain/events.ts';
import type { GroupHistory, GroupRoster } from '../domain/ports.ts';

const KINDS: Readonly<Record<string, 'join' | 'leave'>> = { add_member: 'join', del_member: 'leave' };

/** With a roster, named members are also marked joined or left (group health). */
export async function recordGroupChange(deps: { groups: GroupHistory; roster?: Pick<GroupRoster, 'joined' | 'left'> }, event: ChatChangedEvent, dedupeKey: string): Promise<void> {
  const kind = event.change === 'update' && event.updateDetail ? KINDS[event.updateDetail] : undefined;
  if (!kind) return;
  await deps.groups.record({
    dedupeKey,
    chatId: event.chatId,
    kind,
    // Older callbacks have no list and some have no count; one member is the least that changed.
    count: event.memChangeCnt ?? Math.max(1, event.memChangeList.length),
    memberIds: event.memChangeList,
    at: event.createTime,
  });
  if (!deps.roster || event.memChangeList.length === 0) return;
  if (kind === 'join') await deps.roster.joined(event.chatId, event.memChangeList.map((memberKey) => ({ memberKey })), event.createTime);
  else await deps.roster.left(event.chatId, event.memChangeList, event.createTime);
}
