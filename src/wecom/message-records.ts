/**
 * WeCom's message records → chat messages: the message archive (会话存档) SDK's decrypted
 * records, imported by a company's archive puller, and WeChat customer service's
 * kf/sync_msg items.
 */
import { isExternalUserId, type NewChatMessage } from '../domain/messages/chat-message.ts';

/** One message as the archive (会话存档) SDK hands it over, decrypted. */
export interface ArchiveRecord {
  msgid: string;
  from: string;
  tolist: string[];
  roomid?: string;
  /** Milliseconds. */
  msgtime: number;
  msgtype: string;
  text?: { content: string };
}

/**
 * Maps an archived message: written by an external contact → `in` from them; otherwise
 * `out` from the member to the first external recipient (in a group, the customer may be
 * unknown). Returns null for messages between members only.
 */
export function fromArchiveRecord(record: ArchiveRecord): NewChatMessage | null {
  const fromCustomer = isExternalUserId(record.from);
  const customer = fromCustomer ? record.from : record.tolist.find(isExternalUserId);
  if (!customer && !record.roomid) return null;
  const member = fromCustomer ? record.tolist.find((id) => !isExternalUserId(id)) : record.from;
  return {
    source: 'archive',
    sourceMessageId: record.msgid,
    ...(customer ? { externalUserId: customer } : {}),
    ...(member ? { userId: member } : {}),
    ...(record.roomid ? { chatId: record.roomid } : {}),
    direction: fromCustomer ? 'in' : 'out',
    msgType: record.msgtype,
    ...(record.text ? { text: record.text.content } : {}),
    sentAt: Math.floor(record.msgtime / 1000),
  };
}

/** A customer-service message from kf/sync_msg. */
export interface KfRecord {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  send_time: number;
  /** 3 the customer, 4 a system event, 5 a servicer. */
  origin: number;
  servicer_userid?: string;
  msgtype: string;
  text?: { content: string };
}

/** Maps a customer-service message; system events (origin 4) are not messages. */
export function fromKfRecord(record: KfRecord): NewChatMessage | null {
  if (record.origin !== 3 && record.origin !== 5) return null;
  return {
    source: 'kf',
    sourceMessageId: record.msgid,
    ...(record.external_userid ? { externalUserId: record.external_userid } : {}),
    userId: record.open_kfid,
    direction: record.origin === 3 ? 'in' : 'out',
    msgType: record.msgtype,
    ...(record.text ? { text: record.text.content } : {}),
    sentAt: record.send_time,
  };
}
