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
  /** Those of `userIds` on the QR code now (see {@link assignableSalespeople}). */
  activeUserIds: string[];
  tagIds: string[];
  welcomeFlowId?: number;
  configId?: string;
  qrCode?: string;
}

export type NewChannel = Omit<Channel, 'id' | 'state' | 'configId' | 'qrCode' | 'activeUserIds'>;

/** What an admin can change on a channel; `welcomeFlowId: null` detaches the flow. */
export interface ChannelChanges {
  name?: string;
  userIds?: string[];
  tagIds?: string[];
  welcomeFlowId?: number | null;
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
