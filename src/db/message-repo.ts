/**
 * Chat messages in plain SQL: an archive import brings thousands at once, so each batch
 * is one INSERT … ON CONFLICT DO NOTHING RETURNING per chunk (the returned keys are the
 * new messages), as in inbox-repo.ts.
 */
import { messageKey, type ChatMessage, type MessageClassification, type MessageSource, type NewChatMessage } from '../domain/messages/chat-message.ts';
import type { MessageStore } from '../domain/ports.ts';
import { stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

/** 10 parameters a row: 300 rows stay far below SQLite's variable limit. */
const INSERT_CHUNK = 300;

const COLUMNS = `"id", "messageKey", "source", "externalUserId", "userId", "chatId", "direction", "msgType", "text", "sentAt",
  "intent", "confidence", "evidence", "scene", "classifiedAt"`;

interface MessageRow extends Record<string, unknown> {
  id: number | string;
  messageKey: string;
  source: string;
  externalUserId: string | null;
  userId: string | null;
  chatId: string | null;
  direction: string;
  msgType: string;
  text: string | null;
  sentAt: number | string;
  intent: string | null;
  confidence: number | string | null;
  evidence: string | null;
  scene: string | null;
  classifiedAt: number | string | null;
}

function toMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    id: Number(row.id),
    key: row.messageKey,
    source: row.source as MessageSource,
    sourceMessageId: row.messageKey.slice(row.source.length + 1),
    direction: row.direction === 'out' ? 'out' : 'in',
    msgType: row.msgType,
    sentAt: Number(row.sentAt),
  };
  if (row.externalUserId !== null) message.externalUserId = row.externalUserId;
  if (row.userId !== null) message.userId = row.userId;
  if (row.chatId !== null) message.chatId = row.chatId;
  if (row.text !== null) message.text = row.text;
  if (row.intent !== null && row.classifiedAt !== null) {
    message.classification = {
      intent: row.intent,
      confidence: Number(row.confidence ?? 0),
      evidence: row.evidence ? stringArray(row.evidence) : [],
      classifiedAt: Number(row.classifiedAt),
      ...(row.scene !== null ? { scene: row.scene } : {}),
    };
  }
  return message;
}

export class SqlMessageStore implements MessageStore {
  constructor(private readonly sql: SqlClient) {}

  async addMany(messages: NewChatMessage[]): Promise<string[]> {
    const byKey = new Map<string, NewChatMessage>();
    for (const message of messages) byKey.set(messageKey(message.source, message.sourceMessageId), message);
    const entries = [...byKey];
    const inserted = new Set<string>();
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const chunk = entries.slice(i, i + INSERT_CHUNK);
      const rows = await this.sql.query<{ messageKey: string }>(
        `INSERT INTO "ChatMessage" ("messageKey", "source", "externalUserId", "userId", "chatId", "direction", "msgType", "text", "sentAt", "createdAt")
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT ("messageKey") DO NOTHING RETURNING "messageKey"`,
        chunk.flatMap(([key, m]) => [
          key, m.source, m.externalUserId ?? null, m.userId ?? null, m.chatId ?? null, m.direction, m.msgType, m.text ?? null, m.sentAt,
          this.sql.toDbTime(new Date()),
        ]),
      );
      for (const row of rows) inserted.add(row.messageKey);
    }
    return entries.map(([key]) => key).filter((key) => inserted.has(key));
  }

  async getByKey(key: string): Promise<ChatMessage | null> {
    const [row] = await this.sql.query<MessageRow>(`SELECT ${COLUMNS} FROM "ChatMessage" WHERE "messageKey" = ?`, [key]);
    return row ? toMessage(row) : null;
  }

  async saveClassification(id: number, c: MessageClassification): Promise<void> {
    await this.sql.execute(
      `UPDATE "ChatMessage" SET "intent" = ?, "confidence" = ?, "evidence" = ?, "scene" = ?, "classifiedAt" = ? WHERE "id" = ?`,
      [c.intent, c.confidence, JSON.stringify(c.evidence), c.scene ?? null, c.classifiedAt, id],
    );
  }

  async recentFor(externalUserId: string, limit: number): Promise<ChatMessage[]> {
    const rows = await this.sql.query<MessageRow>(
      `SELECT ${COLUMNS} FROM "ChatMessage" WHERE "externalUserId" = ? ORDER BY "sentAt" DESC, "id" DESC LIMIT ?`,
      [externalUserId, limit],
    );
    return rows.map(toMessage);
  }

  /** Keys of inbound text messages still unclassified that were stored before `before` (the catch-up). */
  async unclassifiedKeys(before: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ messageKey: string }>(
      `SELECT "messageKey" FROM "ChatMessage" WHERE "classifiedAt" IS NULL AND "direction" = 'in' AND "msgType" = 'text' AND "createdAt" < ?
       ORDER BY "id" LIMIT ?`,
      [this.sql.toDbTime(before), limit],
    );
    return rows.map((row) => row.messageKey);
  }
}
