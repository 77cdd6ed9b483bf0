/** Group membership changes (GroupMemberChange) in plain SQL: one row per callback. */
import type { GroupHistory } from '../domain/ports.ts';
import type { SqlClient } from './sql-client.ts';

export class SqlGroupHistory implements GroupHistory {
  constructor(private readonly sql: SqlClient) {}

  async record(change: { dedupeKey: string; chatId: string; kind: 'join' | 'leave'; count: number; memberIds: string[]; at: number }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "GroupMemberChange" ("dedupeKey", "chatId", "kind", "count", "memberIds", "at") VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT ("dedupeKey") DO NOTHING`,
      [change.dedupeKey, change.chatId, change.kind, change.count, JSON.stringify(change.memberIds), change.at],
    );
  }

  async counts(chatId: string, since: number): Promise<{ joined: number; left: number }> {
    const rows = await this.sql.query<{ kind: string; total: number | string | null }>(
      `SELECT "kind", SUM("count") AS "total" FROM "GroupMemberChange" WHERE "chatId" = ? AND "at" >= ? GROUP BY "kind"`,
      [chatId, since],
    );
    const total = (kind: string) => Number(rows.find((row) => row.kind === kind)?.total ?? 0);
    return { joined: total('join'), left: total('leave') };
  }
}
