/**
 * Customer chat messages. They never reach the app callback (PROTOCOL §3.5): they come
 * from the bot's account, from WeChat customer service (kf/sync_msg) and from the
 * message archive a company imports. Every source maps its records to one shape here,
 * keyed by source and source message id so a message seen twice is stored once.
 */

export type MessageSource = 'bot' | 'kf' | 'archive';

export interface NewChatMessage {
  source: MessageSource;
  /** The source's own message id (msgid). */
  sourceMessageId: string;
  /** The customer (external userid; for the bot, the contact id it sees). */
  externalUserId?: string;
  /** The salesperson's userid, or the customer-service account (open_kfid). */
  userId?: string;
  /** The group chat, for group messages. */
  chatId?: string;
  /** `in`: written by the customer; `out`: written to the customer. */
  direction: 'in' | 'out';
  /** text, image, voice, … Only text is classified. */
  msgType: string;
  text?: string;
  /** Unix seconds. */
  sentAt: number;
}

export interface ChatMessage extends NewChatMessage {
  id: number;
  /** See {@link messageKey}. */
  key: string;
  classification?: MessageClassification;
}

export interface MessageClassification {
  intent: string;
  confidence: number;
  evidence: string[];
  scene?: string;
  /** Unix seconds. */
  classifiedAt: number;
}

/**
 * The message's dedupe key, also its job id: BullMQ refuses ':' in ids, so the source
 * and the id are joined by '-' and any ':' in the id is replaced.
 */
export function messageKey(source: MessageSource, sourceMessageId: string): string {
  return `${source}-${sourceMessageId.replace(/:/g, '_')}`;
}

/** Only what a customer wrote is classified: an inbound text with something in it. */
export function isClassifiable(message: Pick<NewChatMessage, 'direction' | 'msgType' | 'text'>): boolean {
  return message.direction === 'in' && message.msgType === 'text' && Boolean(message.text?.trim());
}

/**
 * External contacts' ids: `wm…` (WeChat users) and `wo…` (WeCom users of other corps).
 * Members' userids are whatever the corp chose, so the prefix is the only tell.
 */
export function isExternalUserId(id: string): boolean {
  return /^w[mo][\w-]{6,}$/.test(id);
}
