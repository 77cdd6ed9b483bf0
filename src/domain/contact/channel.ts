/**
 * Channel codes (渠道活码): where a customer came from, told by the `state` WeCom echoes
 * in the add event. A channel names its salespeople, the tags its customers get and
 * their welcome flow.
 */
export interface Channel {
  id: number;
  name: string;
  /** ≤ 30 characters (add_contact_way's limit). */
  state: string;
  userIds: string[];
  /** Those of `userIds` (or `backupUserIds`) on the QR code now (see channel-routing.ts). */
  activeUserIds: string[];
  tagIds: string[];
  welcomeFlowId?: number;
  configId?: string;
  qrCode?: string;
  /** Hours on duty; a salesperson without slots is always on duty. Absent = no slots. */
  schedule?: ScheduleSlot[];
  /** On the code when none of `userIds` is on duty and under the caps. Absent = none. */
  backupUserIds?: string[];
  /** Most adds through this code per salesperson per local day; absent = no cap. */
  dailyAddCap?: number;
  /** Per-salesperson caps (userid → adds a local day) that replace `dailyAddCap` for them. */
  dailyAddCaps?: Record<string, number>;
  /** skip_verify: customers are added without the salesperson accepting. Absent = true (WeCom's default). */
  autoAccept?: boolean;
  /** Templates for each new customer's remark and description ({customer}, {channel}, {date}, {salesperson}). */
  remarkTemplate?: string;
  descriptionTemplate?: string;
  /** The last routing decision; absent until the first one. */
  routingStatus?: RoutingStatus;
}

/** Hours one salesperson is on duty: ISO weekdays (1 = Monday … 7 = Sunday) and HH:MM. */
export interface ScheduleSlot {
  userId: string;
  weekdays: number[];
  from: string;
  /** Before `from`: the slot runs past midnight. Equal to `from`: the whole day (24 h). */
  to: string;
}

/** Why the code points where it does. */
export type RoutingMode = 'on_duty' | 'backup' | 'fallback';

/**
 * - `all_capped`: every candidate, backups included, reached a cap; the code keeps the
 *   backups (WeCom refuses a code with no members), who then get customers past the cap.
 * - `no_backup`: no one is on duty under the caps and the channel names no backups; the
 *   code keeps the channel's own salespeople.
 */
export type RoutingWarning = 'all_capped' | 'no_backup';

/** The routing decision as stored and shown. */
export interface RoutingStatus {
  mode: RoutingMode;
  warnings: RoutingWarning[];
  onDuty: string[];
  capped: string[];
  /** Unix s: the next schedule boundary or local midnight. */
  nextChangeAt: number;
  /** Unix s of the decision. */
  checkedAt: number;
}

export type NewChannel = Omit<Channel, 'id' | 'state' | 'configId' | 'qrCode' | 'activeUserIds' | 'routingStatus'>;

/** What an admin can change on a channel; `null` clears an optional field (detaches the flow). */
export interface ChannelChanges {
  name?: string;
  userIds?: string[];
  tagIds?: string[];
  welcomeFlowId?: number | null;
  schedule?: ScheduleSlot[];
  backupUserIds?: string[];
  dailyAddCap?: number | null;
  /** Replaces every per-salesperson cap; `{}` removes them. */
  dailyAddCaps?: Record<string, number>;
  autoAccept?: boolean;
  remarkTemplate?: string | null;
  descriptionTemplate?: string | null;
}

/** The salesperson's daily add cap on this channel: their own, else the channel's; undefined = none. */
export function dailyCapOf(channel: Pick<Channel, 'dailyAddCap' | 'dailyAddCaps'>, userId: string): number | undefined {
  return channel.dailyAddCaps?.[userId] ?? channel.dailyAddCap;
}

/** Whether anyone on the channel has a daily add cap (then its adds today must be counted). */
export function hasDailyCap(channel: Pick<Channel, 'dailyAddCap' | 'dailyAddCaps'>): boolean {
  return channel.dailyAddCap !== undefined || Object.keys(channel.dailyAddCaps ?? {}).length > 0;
}

/** Per-salesperson caps naming someone who is neither a salesperson nor a backup of the channel. */
export function dailyCapProblems(caps: Record<string, number>, candidates: readonly string[]): string[] {
  return Object.keys(caps)
    .filter((userId) => !candidates.includes(userId))
    .map((userId) => `dailyAddCaps.${userId}: ${userId} is neither one of the channel's userIds nor a backup`);
}

/** WeCom's cap on the customers one salesperson can serve (客户数上限). */
export const CUSTOMER_CAP = 5_000;

/**
 * The salespeople a channel code should rotate among: those serving fewer than `cap`
 * customers, in the channel's order. When all are full the least loaded one stays, since
 * a 「联系我」 code needs at least one member; `full` tells the admin to add people.
 */
export function assignableSalespeople(
  userIds: readonly string[],
  loads: ReadonlyMap<string, number>,
  cap = CUSTOMER_CAP,
): { userIds: string[]; full: boolean } {
  const load = (userId: string) => loads.get(userId) ?? 0;
  const open = userIds.filter((userId) => load(userId) < cap);
  if (open.length > 0 || userIds.length === 0) return { userIds: open, full: false };
  const leastLoaded = userIds.reduce((best, userId) => (load(userId) < load(best) ? userId : best));
  return { userIds: [leastLoaded], full: true };
}

/** Whether two salesperson lists name the same people (order does not matter to WeCom). */
export function sameSalespeople(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}

/** WeCom's limit on `state`. */
export const MAX_STATE_LENGTH = 30;

/** A `state` for a new channel: short, URL-safe, unique enough, recognisably ours. */
export function channelState(randomSuffix: string): string {
  return `ch-${randomSuffix}`.slice(0, MAX_STATE_LENGTH);
}
