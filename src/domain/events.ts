/**
 * Normalised WeCom callback events: the shape every part of the product past the
 * callback decoder speaks. Ids stay strings end to end (MsgId is 64-bit); times are
 * unix seconds as WeCom sends them, so events serialise to JSON without loss.
 */

/** Fields every callback carries. */
export interface EventHeader {
  /** CorpID the callback was addressed to (`ToUserName`). */
  corpId: string;
  /** `CreateTime`, unix seconds. */
  createTime: number;
}

export const CONTACT_CHANGES = [
  'add_external_contact',
  'edit_external_contact',
  'add_half_external_contact',
  'del_external_contact',
  'del_follow_user',
  'transfer_fail',
] as const;
export type ContactChange = (typeof CONTACT_CHANGES)[number];

/** `change_external_contact`: a salesperson–customer relation changed. */
export interface ContactChangedEvent extends EventHeader {
  type: 'contact_changed';
  change: ContactChange;
  /** The salesperson (for `transfer_fail`: the takeover member). */
  userId: string;
  externalUserId: string;
  /** Channel code `state` that brought the customer, when present. */
  state?: string;
  /** One-time code for `send_welcome_msg`, valid 20 s after the event. */
  welcomeCode?: string;
  /** `DELETE_BY_TRANSFER` when the relation was removed by an on-job transfer. */
  source?: string;
  /** `customer_refused` | `customer_limit_exceed` for `transfer_fail`. */
  failReason?: string;
}

export const CHAT_CHANGES = ['create', 'update', 'dismiss'] as const;
export type ChatChange = (typeof CHAT_CHANGES)[number];

/** `change_external_chat`: a customer group was created, changed or dismissed. */
export interface ChatChangedEvent extends EventHeader {
  type: 'chat_changed';
  change: ChatChange;
  chatId: string;
  /** `add_member` | `del_member` | `change_owner` | `change_name` | `change_notice`. */
  updateDetail?: string;
  joinScene?: string;
  quitScene?: string;
  memChangeCnt?: number;
  /** Member ids that joined or left (newer callbacks only). */
  memChangeList: string[];
  lastMemVer?: string;
  curMemVer?: string;
}

export const TAG_CHANGES = ['create', 'update', 'delete', 'shuffle'] as const;
export type TagChange = (typeof TAG_CHANGES)[number];

/** `change_external_tag`: a corp tag or tag group changed; ids only. */
export interface TagChangedEvent extends EventHeader {
  type: 'tag_changed';
  change: TagChange;
  /** Tag or tag-group id; empty for a group-order shuffle. */
  id?: string;
  /** `tag` | `tag_group`. */
  tagType?: string;
  strategyId?: string;
}

/** `msgaudit_notify`: the message archive has new data to pull. */
export interface MessageArchiveNotifiedEvent extends EventHeader {
  type: 'message_archive_notified';
  agentId?: string;
}

/** `kf_msg_or_event`: WeChat customer service has messages to sync. */
export interface KfMessagesPendingEvent extends EventHeader {
  type: 'kf_messages_pending';
  /** Short-lived token to pass to `kf/sync_msg`. */
  token: string;
  openKfId: string;
}

/** A member writing to the app's own chat (text, image, …). Never a customer. */
export interface AppMessageEvent extends EventHeader {
  type: 'app_message';
  msgType: string;
  msgId: string;
  fromUserId: string;
  agentId?: string;
  /** Text content for `text` messages. */
  content?: string;
  /** Every other leaf field of the message, as sent. */
  fields: Record<string, string>;
}

/** Anything we do not model yet: kept with all its fields so it is stored, not lost. */
export interface UnknownEvent extends EventHeader {
  type: 'unknown';
  msgType: string;
  event?: string;
  changeType?: string;
  fields: Record<string, string>;
}

export type WecomEvent =
  | ContactChangedEvent
  | ChatChangedEvent
  | TagChangedEvent
  | MessageArchiveNotifiedEvent
  | KfMessagesPendingEvent
  | AppMessageEvent
  | UnknownEvent;

export type WecomEventType = WecomEvent['type'];

/** A short label for metrics and logs, e.g. `contact_changed.add_external_contact`. */
export function eventLabel(event: WecomEvent): string {
  switch (event.type) {
    case 'contact_changed':
    case 'chat_changed':
    case 'tag_changed':
      return `${event.type}.${event.change}`;
    case 'app_message':
      return `${event.type}.${event.msgType}`;
    default:
      return event.type;
  }
}
