/** In-memory fakes of the message and task ports; they behave like the SQL/Prisma stores. */
import { messageKey, type ChatMessage, type MessageClassification, type NewChatMessage } from '../../src/domain/messages/chat-message.ts';
import { openTaskKey, type NewSalesTask, type SalesTask, type SalesTaskStatus } from '../../src/domain/messages/sales-task.ts';
import type { MessageStore, SalesTaskStore } from '../../src/domain/ports.ts';

export class InMemoryMessageStore implements MessageStore {
  readonly rows: (ChatMessage & { storedAt: Date })[] = [];

  async addMany(messages: NewChatMessage[]): Promise<string[]> {
    const fresh: string[] = [];
    for (const message of messages) {
      const key = messageKey(message.source, message.sourceMessageId);
      if (this.rows.some((row) => row.key === key)) continue;
      this.rows.push({ ...message, id: this.rows.length + 1, key, storedAt: new Date(0) });
      fresh.push(key);
    }
    return fresh;
  }

  async getByKey(key: string): Promise<ChatMessage | null> {
    const row = this.rows.find((r) => r.key === key);
    return row ? { ...row } : null;
  }

  async saveClassification(id: number, classification: MessageClassification): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (row) row.classification = { ...classification };
  }

  async recentFor(externalUserId: string, limit: number): Promise<ChatMessage[]> {
    return this.rows.filter((r) => r.externalUserId === externalUserId).sort((a, b) => b.sentAt - a.sentAt || b.id - a.id).slice(0, limit);
  }

  async unclassifiedKeys(before: Date, limit: number): Promise<string[]> {
    return this.rows
      .filter((r) => !r.classification && r.direction === 'in' && r.msgType === 'text' && r.storedAt < before)
      .slice(0, limit)
      .map((r) => r.key);
  }
}

export class InMemorySalesTaskStore implements SalesTaskStore {
  readonly rows: SalesTask[] = [];

  async open(task: NewSalesTask): Promise<{ task: SalesTask; created: boolean }> {
    const existing = this.rows.find((r) => r.status === 'open' && openTaskKey(r) === openTaskKey(task));
    if (existing) return { task: { ...existing }, created: false };
    const created: SalesTask = { ...task, id: this.rows.length + 1, status: 'open' };
    this.rows.push(created);
    return { task: { ...created }, created: true };
  }

  async get(id: number): Promise<SalesTask | null> {
    const row = this.rows.find((r) => r.id === id);
    return row ? { ...row } : null;
  }

  async list(filters: { userId?: string; servingUserIds?: readonly string[]; externalUserId?: string; status?: SalesTaskStatus; limit: number }): Promise<SalesTask[]> {
    return this.rows
      .filter((r) => (!filters.userId || r.userId === filters.userId) && (!filters.externalUserId || r.externalUserId === filters.externalUserId))
      .filter((r) => !filters.servingUserIds || filters.servingUserIds.includes(r.userId))
      .filter((r) => !filters.status || r.status === filters.status)
      .slice(0, filters.limit);
  }

  async close(id: number, status: Exclude<SalesTaskStatus, 'open'>, by: string, at: number): Promise<SalesTask | null> {
    const row = this.rows.find((r) => r.id === id && r.status === 'open');
    if (!row) return null;
    Object.assign(row, { status, closedBy: by, closedAt: at });
    return { ...row };
  }
}
