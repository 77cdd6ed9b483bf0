/**
 * Conversation threads of one salesperson–customer pair: a thread starts with the
 * customer's first message after the salesperson's last reply and ends at the next reply.
 * The first-reply time is measured from that first waiting message.
 */

export interface ConversationMessage {
  userId: string;
  externalUserId: string;
  direction: 'in' | 'out';
  /** Unix seconds. */
  sentAt: number;
}

export interface ReplyThread {
  userId: string;
  externalUserId: string;
  /** The first unanswered customer message (unix s). */
  startAt: number;
  /** The salesperson's first message at or after it; absent while unanswered. */
  replyAt?: number;
}

/** Threads of every pair in the messages (any order), by pair then start. */
export function replyThreads(messages: readonly ConversationMessage[]): ReplyThread[] {
  const sorted = [...messages].sort(
    (a, b) =>
      a.userId.localeCompare(b.userId) ||
      a.externalUserId.localeCompare(b.externalUserId) ||
      a.sentAt - b.sentAt ||
      // Same second: the customer's message first, so a reply in that second answers it.
      (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1),
  );
  const threads: ReplyThread[] = [];
  let open: ReplyThread | undefined;
  for (const message of sorted) {
    if (open && (open.userId !== message.userId || open.externalUserId !== message.externalUserId)) {
      threads.push(open);
      open = undefined;
    }
    if (message.direction === 'in') {
      open ??= { userId: message.userId, externalUserId: message.externalUserId, startAt: message.sentAt };
    } else if (open) {
      threads.push({ ...open, replyAt: message.sentAt });
      open = undefined;
    }
  }
  if (open) threads.push(open);
  return threads;
}
