/**
 * Tags on salesperson–customer relations (FollowRelation.tagIds) and their history
 * (TagChange). Plain SQL: channel tagging runs for every new customer on the worker's
 * hot path (see sql-client.ts).
 */
import type { CustomerTagStore } from '../domain/ports.ts';
import type { TagCauseKind, TagChangeRecord } from '../domain/tags/tags.ts';
import { stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

interface TagChangeRow extends Record<string, unknown> {
  operationId: string;
  userId: string;
  externalUserId: string;
  tagId: string;
  action: string;
  causeKind: string;
  causeRef: string | null;
  at: number | string;
}

const INSERT_CHANGE = `
  INSERT INTO "TagChange" ("operationId", "userId", "externalUserId", "tagId", "action", "causeKind", "causeRef", "at")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT ("operationId", "userId", "externalUserId", "tagId", "action") DO NOTHING`;

export class SqlCustomerTagStore implements CustomerTagStore {
  constructor(private readonly sql: SqlClient) {}

  async tagsOf(userId: string, externalUserId: string): Promise<string[] | null> {
    const [row] = await this.sql.query<{ tagIds: string }>(
      'SELECT "tagIds" FROM "FollowRelation" WHERE "userId" = ? AND "externalUserId" = ?',
      [userId, externalUserId],
    );
    return row ? stringArray(row.tagIds) : null;
  }

  async recordChange(input: { userId: string; externalUserId: string; next: string[]; changes: TagChangeRecord[] }): Promise<void> {
    await this.sql.execute('UPDATE "FollowRelation" SET "tagIds" = ?, "updatedAt" = ? WHERE "userId" = ? AND "externalUserId" = ?', [
      JSON.stringify(input.next),
      this.sql.toDbTime(new Date()),
      input.userId,
      input.externalUserId,
    ]);
    for (const change of input.changes) {
      await this.sql.execute(INSERT_CHANGE, [
        change.operationId, change.userId, change.externalUserId, change.tagId, change.action, change.cause.kind, change.cause.ref ?? null, change.at,
      ]);
    }
  }

  async history(externalUserId: string, limit: number): Promise<TagChangeRecord[]> {
    const rows = await this.sql.query<TagChangeRow>(
      `SELECT "operationId", "userId", "externalUserId", "tagId", "action", "causeKind", "causeRef", "at"
       FROM "TagChange" WHERE "externalUserId" = ? ORDER BY "at" DESC, "id" DESC LIMIT ?`,
      [externalUserId, limit],
    );
    return rows.map((row) => ({
      operationId: row.operationId,
      userId: row.userId,
      externalUserId: row.externalUserId,
      tagId: row.tagId,
      action: row.action === 'remove' ? 'remove' : 'add',
      cause: row.causeRef === null ? { kind: row.causeKind as TagCauseKind } : { kind: row.causeKind as TagCauseKind, ref: row.causeRef },
      at: Number(row.at),
    }));
  }
}
