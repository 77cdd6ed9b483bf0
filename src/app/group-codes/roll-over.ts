/**
 * Keeps each group code's join way on the groups below its cap. A member joining or
 * leaving one of a code's groups (change_external_chat), or the periodic re-check, recounts
 * the group with groupchat/get, records who joined through the code (their `state`) and who
 * left, and calls update_join_way only when the list to give WeCom changed. Each group's
 * read-and-store and each choice-and-update hold the code's lock, so two callbacks for the
 * same code never both update from the same stale list; a replayed callback counts the
 * same members and changes nothing.
 */
import { chooseJoinWayChats, reconcileCodeJoins, sameChatList, type GroupCode } from '../../domain/group-code/group-code.ts';
import type { ChatChangedEvent } from '../../domain/events.ts';
import type { GroupChatDirectory, GroupCodeRepo, GroupWelcomeTemplates, JoinWayGateway, JoinWaySettings, Locks } from '../../domain/ports.ts';
import type { Clock } from '../../shared/clock.ts';

export interface GroupCodeDeps {
  codes: GroupCodeRepo;
  joinWays: JoinWayGateway;
  welcomeTemplates: GroupWelcomeTemplates;
  groups: GroupChatDirectory;
  locks: Locks;
  clock: Clock;
  /** A short random string for a new code's `state`. */
  randomId: () => string;
}

export type RollOverDeps = Pick<GroupCodeDeps, 'codes' | 'joinWays' | 'groups' | 'locks' | 'clock'>;

export interface RollOverResult {
  codeId: number;
  /** update_join_way was called with a new list. */
  changed: boolean;
  activeChatIds: string[];
  allFull: boolean;
}

const MEMBER_CHANGES = new Set(['add_member', 'del_member']);

/** The lock every change to one code's join way holds. */
export const groupCodeLock = (codeId: number) => `group-code:${codeId}`;

/** The join way as the code says it should be, listing `chatIds`. */
export function joinWaySettings(code: Pick<GroupCode, 'state' | 'name' | 'autoCreateRoom' | 'roomBaseName' | 'roomBaseId'>, chatIds: string[]): JoinWaySettings {
  return {
    state: code.state,
    remark: code.name,
    chatIds,
    autoCreateRoom: code.autoCreateRoom,
    ...(code.roomBaseName !== undefined ? { roomBaseName: code.roomBaseName } : {}),
    ...(code.roomBaseId !== undefined ? { roomBaseId: code.roomBaseId } : {}),
  };
}

const nowSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000);

/** Reads one group now, stores its count and reconciles the code's joins into it. */
async function countGroup(deps: RollOverDeps, code: GroupCode, chatId: string, at: number): Promise<void> {
  const group = await deps.groups.get(chatId);
  await deps.codes.saveFill({ chatId, members: group?.members.length ?? 0, dismissed: group === null }, nowSeconds(deps.clock));
  // A dismissed group has no members left: every open join into it ends.
  const { joined, left } = reconcileCodeJoins(code.state, chatId, group?.members ?? [], await deps.codes.openJoins(code.id, chatId), at);
  await deps.codes.recordLeaves(code.id, left);
  await deps.codes.recordJoins(code.id, joined);
}

/** Points the join way at the groups below the cap by the stored counts. Runs under {@link groupCodeLock}. */
async function applyCounts(deps: RollOverDeps, code: GroupCode): Promise<RollOverResult> {
  const choice = chooseJoinWayChats(code.chatIds, await deps.codes.fills(code.id), code.capPerGroup);
  // A join way needs at least one group: with every group dismissed the last list stays.
  const changed = choice.chatIds.length > 0 && !sameChatList(choice.chatIds, code.activeChatIds);
  if (changed && code.configId) await deps.joinWays.update(code.configId, joinWaySettings(code, choice.chatIds));
  if (changed || choice.allFull !== code.allFull) {
    await deps.codes.update(code.id, { ...(changed ? { activeChatIds: choice.chatIds } : {}), allFull: choice.allFull });
  }
  return { codeId: code.id, changed, activeChatIds: changed ? choice.chatIds : code.activeChatIds, allFull: choice.allFull };
}

/**
 * Recounts `chatIds` of the code (those it fills), then points the join way at the groups
 * below the cap. Each group's read-and-store, and then the choice and update_join_way, hold
 * the code's lock separately: a lock is held for one WeCom read at a time (its TTL is
 * seconds), and a count stored by another worker in between is simply the newer one. Null
 * when the code is gone.
 */
export async function rollOverGroupCode(deps: RollOverDeps, codeId: number, chatIds: readonly string[], at: number): Promise<RollOverResult | null> {
  const locked = <T>(work: (code: GroupCode) => Promise<T>) =>
    deps.locks.withLock(groupCodeLock(codeId), async () => {
      const code = await deps.codes.get(codeId);
      return code ? work(code) : null;
    });
  for (const chatId of chatIds) {
    const counted = await locked(async (code) => {
      if (code.chatIds.includes(chatId)) await countGroup(deps, code, chatId, at);
      return true;
    });
    if (!counted) return null;
  }
  return locked((code) => applyCounts(deps, code));
}

/** change_external_chat handler: member joins and leaves, and dismissals, of a code's group. */
export async function rollOverOnGroupChange(deps: RollOverDeps, event: ChatChangedEvent): Promise<RollOverResult[]> {
  const memberChange = event.change === 'update' && event.updateDetail !== undefined && MEMBER_CHANGES.has(event.updateDetail);
  if (!memberChange && event.change !== 'dismiss') return [];
  const results: RollOverResult[] = [];
  for (const codeId of await deps.codes.codesWithChat(event.chatId)) {
    const result = await rollOverGroupCode(deps, codeId, [event.chatId], event.createTime);
    if (result) results.push(result);
  }
  return results;
}

/**
 * The periodic re-check: recounts every group of every code, catching callbacks WeCom
 * never delivered and joins groupchat/get reported late (its detail data may lag).
 */
export async function recheckGroupCodes(deps: RollOverDeps): Promise<{ changed: number[]; full: number[] }> {
  const at = nowSeconds(deps.clock);
  const changed: number[] = [];
  const full: number[] = [];
  for (const code of await deps.codes.list()) {
    const result = await rollOverGroupCode(deps, code.id, code.chatIds, at);
    if (result?.changed) changed.push(code.id);
    if (result?.allFull) full.push(code.id);
  }
  return { changed, full };
}
