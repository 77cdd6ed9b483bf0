/**
 * Group codes (GroupCode), their groups' last counts (GroupCodeChat) and the joins through
 * them (GroupCodeJoin) in plain SQL. Joins are keyed by code, group, member and join time,
 * so recording the same join twice (a replayed callback, the periodic re-check) adds
 * nothing, and a leave only fills a leave time that is still empty.
 */
import type { CodeJoin, GroupCode, GroupFill, GroupWelcome } from '../domain/group-code/group-code.ts';
import type { GroupCodeRepo } from '../domain/ports.ts';
import { booleanColumn, booleanParam, nullableNumber, stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

const CODE_COLUMNS = `"id", "name", "state", "chatIds", "activeChatIds", "capPerGroup", "allFull", "autoCreateRoom", "roomBaseName", "roomBaseId", "welcome", "welcomeTemplateId", "configId", "qrCode"`;
/** 5 parameters a row. */
const JOIN_CHUNK = 400;

interface CodeRow extends Record<string, unknown> {
  id: number | string;
  name: string;
  state: string;
  chatIds: string;
  activeChatIds: string;
  capPerGroup: number | string;
  allFull: unknown;
  autoCreateRoom: unknown;
  roomBaseName: string | null;
  roomBaseId: number | string | null;
  welcome: string | null;
  welcomeTemplateId: string | null;
  configId: string | null;
  qrCode: string | null;
}

function toCode(row: CodeRow): GroupCode {
  const code: GroupCode = {
    id: Number(row.id),
    name: row.name,
    state: row.state,
    chatIds: stringArray(row.chatIds),
    activeChatIds: stringArray(row.activeChatIds),
    capPerGroup: Number(row.capPerGroup),
    allFull: booleanColumn(row.allFull),
    autoCreateRoom: booleanColumn(row.autoCreateRoom),
  };
  const roomBaseId = nullableNumber(row.roomBaseId);
  if (row.roomBaseName !== null) code.roomBaseName = row.roomBaseName;
  if (roomBaseId !== null) code.roomBaseId = roomBaseId;
  if (row.welcome !== null) code.welcome = JSON.parse(row.welcome) as GroupWelcome;
  if (row.welcomeTemplateId !== null) code.welcomeTemplateId = row.welcomeTemplateId;
  if (row.configId !== null) code.configId = row.configId;
  if (row.qrCode !== null) code.qrCode = row.qrCode;
  return code;
}

function toJoin(row: Record<string, unknown>): CodeJoin {
  const join: CodeJoin = { chatId: String(row.chatId), memberId: String(row.memberId), joinedAt: Number(row.joinedAt) };
  const leftAt = nullableNumber(row.leftAt);
  if (leftAt !== null) join.leftAt = leftAt;
  return join;
}

export class SqlGroupCodeRepo implements GroupCodeRepo {
  constructor(private readonly sql: SqlClient) {}

  async list(): Promise<GroupCode[]> {
    return (await this.sql.query<CodeRow>(`SELECT ${CODE_COLUMNS} FROM "GroupCode" ORDER BY "id"`)).map(toCode);
  }

  async get(id: number): Promise<GroupCode | null> {
    const [row] = await this.sql.query<CodeRow>(`SELECT ${CODE_COLUMNS} FROM "GroupCode" WHERE "id" = ?`, [id]);
    return row ? toCode(row) : null;
  }

  async create(code: Omit<GroupCode, 'id'>): Promise<GroupCode> {
    return this.sql.transaction(async (tx) => {
      const now = tx.toDbTime(new Date());
      const [row] = await tx.query<CodeRow>(
        `INSERT INTO "GroupCode" ("name", "state", "chatIds", "activeChatIds", "capPerGroup", "allFull", "autoCreateRoom", "roomBaseName", "roomBaseId", "welcome", "welcomeTemplateId", "configId", "qrCode", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${CODE_COLUMNS}`,
        [code.name, code.state, ...this.values(tx, code), now, now],
      );
      const created = toCode(row!);
      await this.placeChats(tx, created.id, created.chatIds);
      return created;
    });
  }

  async update(id: number, changes: Partial<Omit<GroupCode, 'id' | 'state'>>): Promise<GroupCode | null> {
    return this.sql.transaction(async (tx) => {
      const [current] = await tx.query<CodeRow>(`SELECT ${CODE_COLUMNS} FROM "GroupCode" WHERE "id" = ?`, [id]);
      if (!current) return null;
      // A key present with `undefined` clears that optional field; an absent key keeps it.
      const next: GroupCode = { ...toCode(current), ...changes };
      for (const key of Object.keys(changes) as (keyof typeof changes)[]) if (changes[key] === undefined) delete next[key];
      const [row] = await tx.query<CodeRow>(
        `UPDATE "GroupCode" SET "name" = ?, "chatIds" = ?, "activeChatIds" = ?, "capPerGroup" = ?, "allFull" = ?, "autoCreateRoom" = ?, "roomBaseName" = ?, "roomBaseId" = ?,
         "welcome" = ?, "welcomeTemplateId" = ?, "configId" = ?, "qrCode" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${CODE_COLUMNS}`,
        [next.name, ...this.values(tx, next), tx.toDbTime(new Date()), id],
      );
      if (changes.chatIds) await this.placeChats(tx, id, changes.chatIds);
      return toCode(row!);
    });
  }

  async remove(id: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.execute(`DELETE FROM "GroupCodeChat" WHERE "codeId" = ?`, [id]);
      await tx.execute(`DELETE FROM "GroupCodeJoin" WHERE "codeId" = ?`, [id]);
      return (await tx.execute(`DELETE FROM "GroupCode" WHERE "id" = ?`, [id])) > 0;
    });
  }

  async codesWithChat(chatId: string): Promise<number[]> {
    const rows = await this.sql.query<{ codeId: number | string }>(`SELECT "codeId" FROM "GroupCodeChat" WHERE "chatId" = ? ORDER BY "codeId"`, [chatId]);
    return rows.map((row) => Number(row.codeId));
  }

  async fills(codeId: number): Promise<GroupFill[]> {
    const rows = await this.sql.query<{ chatId: string; memberCount: number | string; dismissed: unknown }>(
      `SELECT "chatId", "memberCount", "dismissed" FROM "GroupCodeChat" WHERE "codeId" = ? AND "countedAt" IS NOT NULL ORDER BY "position"`,
      [codeId],
    );
    return rows.map((row) => ({ chatId: row.chatId, members: Number(row.memberCount), dismissed: booleanColumn(row.dismissed) }));
  }

  async saveFill(fill: GroupFill, at: number): Promise<void> {
    await this.sql.execute(`UPDATE "GroupCodeChat" SET "memberCount" = ?, "dismissed" = ?, "countedAt" = ? WHERE "chatId" = ?`, [
      fill.members,
      booleanParam(this.sql.dialect, fill.dismissed),
      at,
      fill.chatId,
    ]);
  }

  async openJoins(codeId: number, chatId: string): Promise<CodeJoin[]> {
    const rows = await this.sql.query(`SELECT "chatId", "memberId", "joinedAt", "leftAt" FROM "GroupCodeJoin" WHERE "codeId" = ? AND "chatId" = ? AND "leftAt" IS NULL`, [
      codeId,
      chatId,
    ]);
    return rows.map(toJoin);
  }

  async recordJoins(codeId: number, joins: readonly CodeJoin[]): Promise<void> {
    for (let i = 0; i < joins.length; i += JOIN_CHUNK) {
      const chunk = joins.slice(i, i + JOIN_CHUNK);
      await this.sql.execute(
        `INSERT INTO "GroupCodeJoin" ("codeId", "chatId", "memberId", "joinedAt", "leftAt") VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT ("codeId", "chatId", "memberId", "joinedAt") DO NOTHING`,
        chunk.flatMap((join) => [codeId, join.chatId, join.memberId, join.joinedAt, join.leftAt ?? null]),
      );
    }
  }

  async recordLeaves(codeId: number, leaves: readonly CodeJoin[]): Promise<void> {
    for (const leave of leaves) {
      await this.sql.execute(
        `UPDATE "GroupCodeJoin" SET "leftAt" = ? WHERE "codeId" = ? AND "chatId" = ? AND "memberId" = ? AND "joinedAt" = ? AND "leftAt" IS NULL`,
        [leave.leftAt ?? null, codeId, leave.chatId, leave.memberId, leave.joinedAt],
      );
    }
  }

  async joinsBetween(codeId: number, from: number, to: number): Promise<CodeJoin[]> {
    const rows = await this.sql.query(
      `SELECT "chatId", "memberId", "joinedAt", "leftAt" FROM "GroupCodeJoin"
       WHERE "codeId" = ? AND (("joinedAt" >= ? AND "joinedAt" < ?) OR ("leftAt" >= ? AND "leftAt" < ?))`,
      [codeId, from, to, from, to],
    );
    return rows.map(toJoin);
  }

  /** Column values after name and state, in CODE_COLUMNS order. */
  private values(tx: SqlClient, code: Omit<GroupCode, 'id' | 'name' | 'state'>): unknown[] {
    return [
      JSON.stringify(code.chatIds),
      JSON.stringify(code.activeChatIds),
      code.capPerGroup,
      booleanParam(tx.dialect, code.allFull),
      booleanParam(tx.dialect, code.autoCreateRoom),
      code.roomBaseName ?? null,
      code.roomBaseId ?? null,
      code.welcome ? JSON.stringify(code.welcome) : null,
      code.welcomeTemplateId ?? null,
      code.configId ?? null,
      code.qrCode ?? null,
    ];
  }

  /** The code's groups become `chatIds` in that order; kept groups keep their counts. */
  private async placeChats(tx: SqlClient, codeId: number, chatIds: readonly string[]): Promise<void> {
    const existing = (await tx.query<{ chatId: string }>(`SELECT "chatId" FROM "GroupCodeChat" WHERE "codeId" = ?`, [codeId])).map((row) => row.chatId);
    for (const chatId of existing.filter((id) => !chatIds.includes(id))) {
      await tx.execute(`DELETE FROM "GroupCodeChat" WHERE "codeId" = ? AND "chatId" = ?`, [codeId, chatId]);
    }
    for (const [position, chatId] of chatIds.entries()) {
      await tx.execute(
        `INSERT INTO "GroupCodeChat" ("codeId", "chatId", "position") VALUES (?, ?, ?) ON CONFLICT ("codeId", "chatId") DO UPDATE SET "position" = excluded."position"`,
        [codeId, chatId, position],
      );
    }
  }
}
