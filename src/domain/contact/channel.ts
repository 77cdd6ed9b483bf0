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
  tagIds: string[];
  welcomeFlowId?: number;
  configId?: string;
  qrCode?: string;
}

export type NewChannel = Omit<Channel, 'id' | 'state' | 'configId' | 'qrCode'>;

/** WeCom's limit on `state`. */
export const MAX_STATE_LENGTH = 30;

/** A `state` for a new channel: short, URL-safe, unique enough, recognisably ours. */
export function channelState(randomSuffix: string): string {
  return `ch-${randomSuffix}`.slice(0, MAX_STATE_LENGTH);
}
