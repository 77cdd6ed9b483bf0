/**
 * The durable inbox (InboxEvent rows) behind the InboxStore port, in plain SQL because
 * it is the hottest path in the product (see sql-client.ts). `add` group-commits: the
 * callbacks arriving while one batch is written go together into the next, and each
 * batch is one INSERT … ON CONFLICT DO NOTHING RETURNING — the rows it returns are the
 * new ones, the rest were replays.
 */
import type { WecomEvent } from '../domain/events.ts';
import { eventLabel } from '../domain/events.ts';
import type { InboxEntry, InboxStatus, InboxStore, StoredInboxEntry } from '../domain/ports.ts';
import { GroupCommit } from '../shared/group-commit.ts';
import type { SqlClient } from './sql-client.ts';

/** Rows per INSERT; 5 parameters each stays far below SQLite's 32,766-variable limit. */
const INSERT_CHUNK = 500;

interface InboxRow extends Record<string, unknown> {
  dedupeKey: string;
  payload: string;
  status: string;
  attempts: number | string;
  receivedAt: unknown;
  processedAt: unknown;
}

export class SqlInboxStore implements InboxStore {
  private readonly writer = new GroupCommit<InboxEntry, boolean>((entries) => this.addMany(entries), { maxBatch: INSERT_CHUNK });

  constructor(private readonly sql: SqlClient) {}

  /** Stores one entry through the group commit; `true` when it was new. */
  add(entry: InboxEntry): Promise<boolean> {
    return this.writer.submit(entry);
  }

  async addMany(entries: InboxEntry[]): Promise<boolean[]> {
    // Only the first occurrence of a key in the batch can be new; repeats are replays.
    const firsts = new Map<string, InboxEntry>();
    for (const entry of entries) if (!firsts.has(entry.dedupeKey)) firsts.set(entry.dedupeKey, entry);
    const unique = [...firsts.values()];
    const inserted = new Set<string>();
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      for (const key of await this.insert(unique.slice(i, i + INSERT_CHUNK))) inserted.add(key);
    }
    return entries.map((entry) => firsts.get(entry.dedupeKey) === entry && inserted.has(entry.dedupeKey));
  }

  private async insert(entries: InboxEntry[]): Promise<string[]> {
    const values = entries.map(() => '(?, ?, ?, ?, ?)').join(', ');
    const params = entries.flatMap((entry) => [
      entry.dedupeKey,
      eventLabel(entry.event),
      entry.event.corpId,
      JSON.stringify(entry.event),
      this.sql.toDbTime(entry.receivedAt),
    ]);
    const rows = await this.sql.query<{ dedupeKey: string }>(
      `INSERT INTO "InboxEvent" ("dedupeKey", "kind", "corpId", "payload", "receivedAt") VALUES ${values}
       ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "dedupeKey"`,
      params,
    );
    return rows.map((row) => row.dedupeKey);
  }

  async get(dedupeKey: string): Promise<StoredInboxEntry | null> {
    const [row] = await this.sql.query<InboxRow>('SELECT * FROM "InboxEvent" WHERE "dedupeKey" = ?', [dedupeKey]);
    return row ? this.toEntry(row) : null;
  }

  async listUnprocessed(before: Date, limit: number): Promise<InboxEntry[]> {
    const rows = await this.sql.query<InboxRow>(
      `SELECT * FROM "InboxEvent" WHERE "status" = 'received' AND "receivedAt" < ? ORDER BY "receivedAt" LIMIT ?`,
      [this.sql.toDbTime(before), limit],
    );
    return rows.map((row) => this.toEntry(row));
  }

  /** The worker finishes up to 50 jobs at once; on SQLite the SQL client commits their updates together. */
  async markProcessed(dedupeKey: string, at: Date): Promise<void> {
    await this.sql.execute(
      `UPDATE "InboxEvent" SET "status" = 'processed', "processedAt" = ?, "attempts" = "attempts" + 1, "lastError" = NULL
       WHERE "dedupeKey" = ? AND "status" <> 'processed'`,
      [this.sql.toDbTime(at), dedupeKey],
    );
  }

  async recordFailure(dedupeKey: string, error: string, final: boolean): Promise<void> {
    await this.sql.execute(
      `UPDATE "InboxEvent" SET "attempts" = "attempts" + 1, "lastError" = ?, "status" = ?
       WHERE "dedupeKey" = ? AND "status" = 'received'`,
      [error.slice(0, 1000), final ? 'failed' : 'received', dedupeKey],
    );
  }

  /** Waits for writes still in the group commit (graceful shutdown). */
  drain(): Promise<void> {
    return this.writer.drain();
  }

  private toEntry(row: InboxRow): StoredInboxEntry {
    return {
      dedupeKey: row.dedupeKey,
      event: JSON.parse(row.payload) as WecomEvent,
      receivedAt: this.sql.fromDbTime(row.receivedAt),
      status: row.status as InboxStatus,
      attempts: Number(row.attempts),
      processedAt: row.processedAt == null ? null : this.sql.fromDbTime(row.processedAt),
    };
  }
}
