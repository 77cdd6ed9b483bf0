/**
 * SOP tasks: opened and listed in plain SQL (every new customer opens one, every sidebar
 * profile lists them), read by id and closed through Prisma. "One open task per salesperson, customer and scene" is the unique
 * `openKey`, set while open and cleared on close, so two workers classifying messages of
 * the same conversation at once still make one task.
 */
import { userIdIn } from './scope-sql.ts';
import { openTaskKey, type NewSalesTask, type SalesTask, type SalesTaskStatus } from '../domain/messages/sales-task.ts';
import type { SalesTaskStore } from '../domain/ports.ts';
import type { SalesTask as SalesTaskRow } from './generated/sqlite/client.ts';
import { nullableNumber } from './column-values.ts';
import type { Db } from './prisma.ts';
import type { SqlClient } from './sql-client.ts';

function toTask(row: SalesTaskRow): SalesTask {
  const task: SalesTask = {
    id: row.id,
    userId: row.userId,
    externalUserId: row.externalUserId,
    scene: row.scene,
    title: row.title,
    priority: row.priority,
    status: row.status as SalesTaskStatus,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
  };
  if (row.suggestedReply !== null) task.suggestedReply = row.suggestedReply;
  if (row.scriptId !== null) task.scriptId = row.scriptId;
  if (row.messageId !== null) task.messageId = row.messageId;
  if (row.closedAt !== null) task.closedAt = row.closedAt;
  if (row.closedBy !== null) task.closedBy = row.closedBy;
  return task;
}

/** A row read through the SQL client (integers may come back as bigint or text). */
function fromSqlRow(row: Record<keyof SalesTaskRow, unknown>): SalesTask {
  return toTask({
    ...(row as unknown as SalesTaskRow),
    id: Number(row.id),
    scriptId: nullableNumber(row.scriptId),
    messageId: nullableNumber(row.messageId),
    dueAt: Number(row.dueAt),
    createdAt: Number(row.createdAt),
    closedAt: nullableNumber(row.closedAt),
  });
}

const TASK_COLUMNS = `"id", "userId", "externalUserId", "scene", "title", "priority", "suggestedReply", "scriptId", "messageId", "status", "openKey",
  "dueAt", "createdAt", "closedAt", "closedBy"`;

export class PrismaSalesTaskStore implements SalesTaskStore {
  constructor(
    private readonly db: Db,
    /** For `list`, read on every sidebar profile and suggestion. */
    private readonly sql: SqlClient,
  ) {}

  /**
   * Insert-or-find in plain SQL (it runs for every new customer's stage hook): the unique
   * openKey decides, so two workers opening the same task at once still make one.
   */
  async open(task: NewSalesTask): Promise<{ task: SalesTask; created: boolean }> {
    const openKey = openTaskKey(task);
    // A task closed between our conflict and our read has freed its key: try again.
    for (let attempt = 0; ; attempt++) {
      const [created] = await this.sql.query<Record<keyof SalesTaskRow, unknown>>(
        `INSERT INTO "SalesTask" ("userId", "externalUserId", "scene", "title", "priority", "suggestedReply", "scriptId", "messageId", "status", "openKey", "dueAt", "createdAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT ("openKey") DO NOTHING RETURNING ${TASK_COLUMNS}`,
        [
          task.userId, task.externalUserId, task.scene, task.title, task.priority, task.suggestedReply ?? null, task.scriptId ?? null,
          task.messageId ?? null, openKey, task.dueAt, task.createdAt,
        ],
      );
      if (created) return { task: fromSqlRow(created), created: true };
      const [existing] = await this.sql.query<Record<keyof SalesTaskRow, unknown>>(`SELECT ${TASK_COLUMNS} FROM "SalesTask" WHERE "openKey" = ?`, [openKey]);
      if (existing) return { task: fromSqlRow(existing), created: false };
      if (attempt >= 2) throw new Error(`sales task ${openKey} kept changing while being opened`);
    }
  }

  async get(id: number): Promise<SalesTask | null> {
    const row = await this.db.salesTask.findUnique({ where: { id } });
    return row ? toTask(row) : null;
  }

  async list(filters: { userId?: string; servingUserIds?: readonly string[]; externalUserId?: string; status?: SalesTaskStatus; limit: number }): Promise<SalesTask[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filters.servingUserIds !== undefined) {
      const scope = userIdIn(filters.servingUserIds);
      conditions.push(scope.condition);
      params.push(...scope.params);
    }
    for (const [column, value] of [['userId', filters.userId], ['externalUserId', filters.externalUserId], ['status', filters.status]] as const) {
      if (value === undefined) continue;
      conditions.push(`"${column}" = ?`);
      params.push(value);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.sql.query<Record<keyof SalesTaskRow, unknown>>(
      `SELECT ${TASK_COLUMNS} FROM "SalesTask" ${where}
       ORDER BY CASE WHEN "status" = 'open' THEN 0 ELSE 1 END, "dueAt", "id" DESC LIMIT ?`,
      [...params, filters.limit],
    );
    return rows.map(fromSqlRow);
  }

  async close(id: number, status: Exclude<SalesTaskStatus, 'open'>, by: string, at: number): Promise<SalesTask | null> {
    const { count } = await this.db.salesTask.updateMany({ where: { id, status: 'open' }, data: { status, closedAt: at, closedBy: by, openKey: null } });
    return count > 0 ? this.get(id) : null;
  }
}
