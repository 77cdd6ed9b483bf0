/**
 * Group codes (群活码): one WeCom join way (a QR code) over several customer groups that
 * fill in order. WeCom sends a scanner to the first listed group below its own 200-member
 * QR limit; a lower per-group cap is ours to keep, by listing only the groups still below
 * it. Pure: counts come in, the list to give WeCom comes out.
 */
import type { WelcomeAttachment } from '../welcome/welcome-flow.ts';

/** groupchat/add_join_way takes at most 5 chat ids (doc 92229). */
export const MAX_JOIN_WAY_CHATS = 5;
/** WeCom's own limit for joining a customer group by QR code: past 200 members only invitations work. */
export const QR_JOIN_LIMIT = 200;
/** join way `state` and `remark` limits (characters). */
export const MAX_JOIN_WAY_STATE = 30;
export const MAX_JOIN_WAY_REMARK = 30;
/** room_base_name limit (characters). */
export const MAX_ROOM_BASE_NAME = 40;
/** Groups one code may fill in turn (the join way lists five of them at a time). */
export const MAX_CODE_GROUPS = 50;

/** The group welcome (入群欢迎语): a text and at most one attachment (group_welcome_template). */
export interface GroupWelcome {
  text: string;
  attachment?: WelcomeAttachment;
}

export interface GroupCode {
  id: number;
  name: string;
  /** The join way's `state`: groupchat/get reports it for every member who joined through it. */
  state: string;
  /** Groups in fill order. */
  chatIds: string[];
  /** The groups the join way lists now. */
  activeChatIds: string[];
  capPerGroup: number;
  /** Every group was at the cap at the last count. */
  allFull: boolean;
  /** Let WeCom open a new group (room_base_name + room_base_id) once the listed ones hold 200. */
  autoCreateRoom: boolean;
  roomBaseName?: string;
  roomBaseId?: number;
  welcome?: GroupWelcome;
  welcomeTemplateId?: string;
  configId?: string;
  qrCode?: string;
}

export type NewGroupCode = Pick<GroupCode, 'name' | 'chatIds' | 'capPerGroup' | 'autoCreateRoom' | 'roomBaseName' | 'roomBaseId' | 'welcome'>;

/** What an admin can change; `welcome: null` removes the group welcome. */
export interface GroupCodeChanges {
  name?: string;
  chatIds?: string[];
  capPerGroup?: number;
  autoCreateRoom?: boolean;
  roomBaseName?: string | null;
  roomBaseId?: number | null;
  welcome?: GroupWelcome | null;
}

/** One group's count as last read. */
export interface GroupFill {
  chatId: string;
  members: number;
  /** groupchat/get no longer knows it. */
  dismissed: boolean;
}

export interface JoinWayChoice {
  /** The chat ids to list, in fill order (empty only when every group is dismissed). */
  chatIds: string[];
  /** No group is below the cap. */
  allFull: boolean;
}

/** The cap that applies: the admin's, never above WeCom's QR limit. */
export const effectiveCap = (capPerGroup: number): number => Math.min(capPerGroup, QR_JOIN_LIMIT);

/**
 * The groups the join way should list now: the first five, in the code's order, that are
 * below the cap and not dismissed. A group that drops below the cap (members left) comes
 * back in its place. When all are full the join way still needs a group, so the last live
 * one stays listed (it takes joins up to WeCom's 200, after which WeCom opens a new group
 * if auto_create_room is on) and `allFull` tells the admin to add groups.
 */
export function chooseJoinWayChats(chatIds: readonly string[], fills: readonly GroupFill[], capPerGroup: number): JoinWayChoice {
  const cap = effectiveCap(capPerGroup);
  const byChat = new Map(fills.map((fill) => [fill.chatId, fill]));
  const live = chatIds.filter((chatId) => !byChat.get(chatId)?.dismissed);
  const open = live.filter((chatId) => (byChat.get(chatId)?.members ?? 0) < cap);
  if (open.length > 0) return { chatIds: open.slice(0, MAX_JOIN_WAY_CHATS), allFull: false };
  return { chatIds: live.slice(-1), allFull: true };
}

/** Whether two join way lists are the same (WeCom fills in list order, so order matters). */
export const sameChatList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((chatId, i) => chatId === b[i]);

/** A `state` for a new code: short, URL-safe, recognisably a group code's. */
export function groupCodeState(randomSuffix: string): string {
  return `gc-${randomSuffix}`.slice(0, MAX_JOIN_WAY_STATE);
}

/** One member's passage through a code's group (unix seconds). */
export interface CodeJoin {
  chatId: string;
  memberId: string;
  joinedAt: number;
  leftAt?: number;
}

export interface DailyCodeStats {
  /** "YYYY-MM-DD" in the requested zone. */
  date: string;
  joins: number;
  leaves: number;
  net: number;
}

/**
 * Joins and leaves per local day over `dates` (each "YYYY-MM-DD", oldest first). A join is
 * counted on the day it happened, its leave on the day of the leave, so a member who came
 * and went the same day adds one of each and nothing to `net`.
 */
export function dailyCodeStats(joins: readonly CodeJoin[], dates: readonly string[], dayOf: (unixSeconds: number) => string): DailyCodeStats[] {
  const days = new Map(dates.map((date) => [date, { date, joins: 0, leaves: 0, net: 0 }]));
  for (const join of joins) {
    const joinDay = days.get(dayOf(join.joinedAt));
    if (joinDay) joinDay.joins += 1;
    const leaveDay = join.leftAt === undefined ? undefined : days.get(dayOf(join.leftAt));
    if (leaveDay) leaveDay.leaves += 1;
  }
  return [...days.values()].map((day) => ({ ...day, net: day.joins - day.leaves }));
}

/** Totals over the days. */
export function totalCodeStats(days: readonly DailyCodeStats[]): { joins: number; leaves: number; net: number } {
  const joins = days.reduce((sum, day) => sum + day.joins, 0);
  const leaves = days.reduce((sum, day) => sum + day.leaves, 0);
  return { joins, leaves, net: joins - leaves };
}

/**
 * Reconciles a group's code joins with its member list as groupchat/get gives it: members
 * whose `state` is the code's and who are not recorded yet are new joins; recorded members
 * no longer in the group (or back under a newer join time) have left at `at`.
 */
export function reconcileCodeJoins(
  state: string,
  chatId: string,
  members: readonly { userId: string; joinTime: number; state?: string }[],
  open: readonly CodeJoin[],
  at: number,
): { joined: CodeJoin[]; left: CodeJoin[] } {
  const current = new Map(members.map((member) => [member.userId, member]));
  const openKeys = new Set(open.map((join) => `${join.memberId}\u0000${join.joinedAt}`));
  const joined = members
    .filter((member) => member.state === state && !openKeys.has(`${member.userId}\u0000${member.joinTime}`))
    .map((member) => ({ chatId, memberId: member.userId, joinedAt: member.joinTime }));
  const left = open
    .filter((join) => current.get(join.memberId)?.joinTime !== join.joinedAt)
    .map((join) => ({ ...join, leftAt: Math.max(at, join.joinedAt) }));
  return { joined, left };
}
