/**
 * Every message source (the bot, WeChat customer service, the archive import) hands its
 * messages here: each is stored once by its source message id, and the new inbound
 * texts are queued for classification. Storing comes first, so a message whose job could
 * not be queued (Redis down) is still found by the catch-up task and classified later.
 */
import { isClassifiable, messageKey, type NewChatMessage } from '../domain/messages/chat-message.ts';
import type { EventQueue, KfCursorStore, KfMessageFeed, MessageStore } from '../domain/ports.ts';
import type { GroupMessage } from './campaigns/record-check-in.ts';

export interface MessageIngestDeps {
  messages: MessageStore;
  /** The classification queue; its job id is the message key. */
  classifyQueue: EventQueue;
  /**
   * The campaign engine, for group messages from sources other than the bot (whose own
   * plugin answers live). Every such message goes in, stored before or not: the ledger
   * counts each member's day once, so a re-imported batch that was cut short by a crash
   * completes its check-ins instead of losing them.
   */
  recordGroupMessage?: (message: GroupMessage) => Promise<unknown>;
  /**
   * Quality checks (sensitive words). Like the campaign engine it gets the whole batch:
   * its alerts are keyed per message and rule, so a replayed batch raises nothing twice.
   */
  screenMessages?: (messages: NewChatMessage[]) => Promise<unknown>;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export async function ingestMessages(deps: MessageIngestDeps, batch: NewChatMessage[]): Promise<IngestResult> {
  if (batch.length === 0) return { accepted: 0, duplicates: 0 };
  const fresh = new Set(await deps.messages.addMany(batch));
  const toClassify = batch.map((m) => messageKey(m.source, m.sourceMessageId)).filter((key, i) => fresh.has(key) && isClassifiable(batch[i]!));
  if (toClassify.length > 0) await deps.classifyQueue.enqueueMany([...new Set(toClassify)]);
  if (deps.recordGroupMessage) {
    for (const message of batch) {
      if (message.chatId && message.source !== 'bot') await deps.recordGroupMessage({ ...message, chatId: message.chatId });
    }
  }
  await deps.screenMessages?.(batch);
  return { accepted: fresh.size, duplicates: batch.length - fresh.size };
}

/** Most pages one kf event pulls; a later event (or the next page's event) continues. */
const MAX_KF_PAGES = 50;

/**
 * A `kf_msg_or_event`: pull the account's new messages from our stored cursor. The
 * cursor moves only after a page is stored, so a crash re-pulls at most one page, whose
 * messages the store recognises.
 */
export async function syncKfMessages(
  deps: MessageIngestDeps & { feed: KfMessageFeed; cursors: KfCursorStore },
  event: { openKfId: string; token: string },
): Promise<IngestResult> {
  const total: IngestResult = { accepted: 0, duplicates: 0 };
  let cursor = await deps.cursors.get(event.openKfId);
  for (let page = 0; page < MAX_KF_PAGES; page++) {
    const { messages, nextCursor, hasMore } = await deps.feed.page({ openKfId: event.openKfId, token: event.token, ...(cursor ? { cursor } : {}) });
    const result = await ingestMessages(deps, messages);
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    if (nextCursor && nextCursor !== cursor) {
      cursor = nextCursor;
      await deps.cursors.set(event.openKfId, cursor);
    }
    if (!hasMore) break;
  }
  return total;
}

/** Queues stored messages that were never classified (their job was lost or never queued). */
export async function requeueUnclassified(deps: MessageIngestDeps, olderThan: Date, limit = 1_000): Promise<number> {
  const keys = await deps.messages.unclassifiedKeys(olderThan, limit);
  if (keys.length > 0) await deps.classifyQueue.enqueueMany(keys);
  return keys.length;
}
