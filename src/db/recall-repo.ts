/**
 * Recalls in plain SQL: a recall on a large segment writes one recipient row per customer,
 * in multi-row statements inside one transaction per batch. The recall rate is one
 * grouped query whose EXISTS probes use ChatMessage(externalUserId, direction, sentAt)
 * and CustomerOrder(externalUserId, orderedAt).
 */
import type { RecallStore, UnsettledRecallMessage } from '../domain/ports.ts';
import type { NewRecall, Recall, RecallCounts, RecallStatus, RecallSummary, RecipientStatus } from '../domain/segments/recall.ts';
import type { SegmentDefinition } from '../domain/segments/segment.ts';
import { jsonArray, nullableNumber } from './column-values.ts';
import { placeholders, type SqlClient } from './sql-client.ts';

/** Rows per multi-row INSERT (5 parameters each) and ids per IN list. */
const CHUNK = 500;


function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const COLUMNS = `"id", "segmentId", "definition", "text", "attachments", "frequencyCapDays", "windowDays", "createdAt", "checkedAt", "status", "summary"`;

function toRecall(row: Record<string, unknown>): Recall {
  const checkedAt = nullableNumber(row.checkedAt);
  return {
    id: Number(row.id),
    segmentId: Number(row.segmentId),
    definition: JSON.parse(String(row.definition)) as SegmentDefinition,
    text: String(row.text),
    attachments: jsonArray<unknown>(String(row.attachments)),
    frequencyCapDays: Number(row.frequencyCapDays),
    windowDays: Number(row.windowDays),
    createdAt: Number(row.createdAt),
    ...(checkedAt !== null ? { checkedAt } : {}),
    status: row.status as RecallStatus,
    ...(row.summary ? { summary: JSON.parse(String(row.summary)) as RecallSummary } : {}),
  };
}

export class SqlRecallStore implements RecallStore {
  constructor(private readonly sql: SqlClient) {}

  async create(recall: NewRecall): Promise<Recall> {
    const [row] = await this.sql.query<Record<string, unknown>>(
      `INSERT INTO "Recall" ("segmentId", "definition", "text", "attachments", "frequencyCapDays", "windowDays", "createdAt", "status")
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued') RETURNING ${COLUMNS}`,
      [recall.segmentId, JSON.stringify(recall.definition), recall.text, JSON.stringify(recall.attachments), recall.frequencyCapDays, recall.windowDays, recall.createdAt],
    );
    return toRecall(row!);
  }

  async get(id: number): Promise<Recall | null> {
    const [row] = await this.sql.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM "Recall" WHERE "id" = ?`, [id]);
    return row ? toRecall(row) : null;
  }

  async list(limit: number): Promise<Recall[]> {
    const rows = await this.sql.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM "Recall" ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`, [limit]);
    return rows.map(toRecall);
  }

  async claim(id: number, now: number, until: number): Promise<boolean> {
    const changed = await this.sql.execute(
      `UPDATE "Recall" SET "status" = 'sending', "claimedUntil" = ?
       WHERE "id" = ? AND ("status" = 'queued' OR ("status" = 'sending' AND "claimedUntil" < ?))`,
      [until, id, now],
    );
    return changed === 1;
  }

  async extendClaim(id: number, until: number): Promise<void> {
    await this.sql.execute(`UPDATE "Recall" SET "claimedUntil" = ? WHERE "id" = ? AND "status" = 'sending'`, [until, id]);
  }

  async finish(id: number, summary: RecallSummary): Promise<void> {
    await this.sql.execute(`UPDATE "Recall" SET "status" = 'sent', "claimedUntil" = NULL, "summary" = ? WHERE "id" = ?`, [JSON.stringify(summary), id]);
  }

  async claimable(now: number): Promise<number[]> {
    const rows = await this.sql.query<{ id: number | string }>(
      `SELECT "id" FROM "Recall" WHERE "status" = 'queued' OR ("status" = 'sending' AND "claimedUntil" < ?) ORDER BY "id"`,
      [now],
    );
    return rows.map((row) => Number(row.id));
  }

  async recipientIds(recallId: number): Promise<Set<string>> {
    const rows = await this.sql.query<{ externalUserId: string }>(`SELECT "externalUserId" FROM "RecallRecipient" WHERE "recallId" = ?`, [recallId]);
    return new Set(rows.map((row) => row.externalUserId));
  }

  async failUnanswered(recallId: number): Promise<number> {
    // recordMessage gives every answered recipient its msgid or fails it: pending without one was never answered.
    return this.sql.execute(
      `UPDATE "RecallRecipient" SET "status" = 'failed' WHERE "recallId" = ? AND "channel" = 'mass' AND "status" = 'pending' AND "msgid" IS NULL`,
      [recallId],
    );
  }

  async contactedSince(externalUserIds: string[], since: number): Promise<Set<string>> {
    const found = new Set<string>();
    for (const ids of chunks(externalUserIds)) {
      const rows = await this.sql.query<{ externalUserId: string }>(
        `SELECT DISTINCT "externalUserId" FROM "RecallRecipient"
         WHERE "externalUserId" IN (${placeholders(ids.length)}) AND "contactedAt" >= ? AND "status" <> 'failed'`,
        [...ids, since],
      );
      for (const row of rows) found.add(row.externalUserId);
    }
    return found;
  }

  async addRecipients(recallId: number, rows: { externalUserId: string; userId: string; channel: 'mass' | 'task'; status: RecipientStatus }[], at: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const part of chunks(rows)) {
        await tx.execute(
          `INSERT INTO "RecallRecipient" ("recallId", "externalUserId", "userId", "channel", "status", "contactedAt")
           VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT ("recallId", "externalUserId") DO NOTHING`,
          part.flatMap((r) => [recallId, r.externalUserId, r.userId, r.channel, r.status, at]),
        );
      }
    });
  }

  async recordMessage(recallId: number, message: { userId: string; externalUserIds: string[]; msgid: string | null; errcode: number; failList: string[] }): Promise<void> {
    const failed = message.msgid === null ? message.externalUserIds : message.failList;
    await this.sql.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO "RecallMessage" ("recallId", "userId", "msgid", "errcode", "failList", "settled") VALUES (?, ?, ?, ?, ?, ?)`,
        [recallId, message.userId, message.msgid, message.errcode, JSON.stringify(message.failList), this.bool(message.msgid === null)],
      );
      for (const ids of chunks(message.externalUserIds)) {
        await tx.execute(`UPDATE "RecallRecipient" SET "msgid" = ? WHERE "recallId" = ? AND "externalUserId" IN (${placeholders(ids.length)})`, [message.msgid, recallId, ...ids]);
      }
      for (const ids of chunks(failed)) {
        await tx.execute(`UPDATE "RecallRecipient" SET "status" = 'failed' WHERE "recallId" = ? AND "externalUserId" IN (${placeholders(ids.length)})`, [recallId, ...ids]);
      }
    });
  }

  async unsettledMessages(filter: { recallId: number } | { since: number }): Promise<UnsettledRecallMessage[]> {
    const [scope, value] = 'recallId' in filter ? [`rm."recallId" = ?`, filter.recallId] : [`r."createdAt" >= ?`, filter.since];
    const rows = await this.sql.query<Record<string, unknown>>(
      `SELECT rm."id", rm."recallId", rm."userId", rm."msgid" FROM "RecallMessage" rm JOIN "Recall" r ON r."id" = rm."recallId"
       WHERE rm."settled" = ? AND rm."msgid" IS NOT NULL AND ${scope} ORDER BY rm."id"`,
      [this.bool(false), value],
    );
    return rows.map((row) => ({ id: Number(row.id), recallId: Number(row.recallId), userId: String(row.userId), msgid: String(row.msgid) }));
  }

  async applyResults(message: UnsettledRecallMessage, results: { externalUserId: string; status: RecipientStatus; sentAt?: number }[], settled: boolean, at: number): Promise<number> {
    return this.sql.transaction(async (tx) => {
      let changed = 0;
      for (const result of results) {
        // Only the message's own recipients, and only forward from pending: a late page cannot undo a send.
        changed += await tx.execute(
          `UPDATE "RecallRecipient" SET "status" = ?, "sentAt" = ? WHERE "recallId" = ? AND "externalUserId" = ? AND "msgid" = ? AND "status" = 'pending'`,
          [result.status, result.sentAt ?? null, message.recallId, result.externalUserId, message.msgid],
        );
      }
      if (settled) await tx.execute(`UPDATE "RecallMessage" SET "settled" = ? WHERE "id" = ?`, [this.bool(true), message.id]);
      await tx.execute(`UPDATE "Recall" SET "checkedAt" = ? WHERE "id" = ?`, [at, message.recallId]);
      return changed;
    });
  }

  async counts(recallId: number, windowSeconds: number): Promise<RecallCounts[]> {
    // Measured from WeCom's send time; a 1:1 task from when it was opened. Only what comes after counts.
    const base = `COALESCE(rr."sentAt", rr."contactedAt")`;
    const rows = await this.sql.query<Record<string, unknown>>(
      `SELECT rr."channel", rr."status", COUNT(*) AS "recipients",
         SUM(CASE WHEN rr."status" IN ('sent', 'task') AND (
           EXISTS (SELECT 1 FROM "ChatMessage" m WHERE m."externalUserId" = rr."externalUserId" AND m."direction" = 'in'
                     AND m."sentAt" > ${base} AND m."sentAt" <= ${base} + ?)
           OR EXISTS (SELECT 1 FROM "CustomerOrder" o WHERE o."externalUserId" = rr."externalUserId"
                     AND o."orderedAt" > ${base} AND o."orderedAt" <= ${base} + ?)
         ) THEN 1 ELSE 0 END) AS "recalled"
       FROM "RecallRecipient" rr WHERE rr."recallId" = ? GROUP BY rr."channel", rr."status"`,
      [windowSeconds, windowSeconds, recallId],
    );
    return rows.map((row) => ({
      channel: row.channel as 'mass' | 'task',
      status: row.status as RecipientStatus,
      recipients: Number(row.recipients),
      recalled: Number(row.recalled ?? 0),
    }));
  }

  private bool(value: boolean): boolean | number {
    return this.sql.dialect === 'postgresql' ? value : value ? 1 : 0;
  }
}
