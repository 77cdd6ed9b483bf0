/**
 * SOP tasks in Prisma. "One open task per salesperson, customer and scene" is the unique
 * `openKey`, set while open and cleared on close, so two workers classifying messages of
 * the same conversation at once still make one task.
 */
import { openTaskKey, type NewSalesTask, type SalesTask, type SalesTaskStatus } from '../domain/messages/sales-task.ts';
import type { SalesTaskStore } from '../domain/ports.ts';
import type { SalesTask as SalesTaskRow } from './generated/sqlite/client.ts';
import type { Db } from './prisma.ts';

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

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

export class PrismaSalesTaskStore implements SalesTaskStore {
  constructor(private readonly db: Db) {}

  async open(task: NewSalesTask): Promise<{ task: SalesTask; created: boolean }> {
    const openKey = openTaskKey(task);
    const existing = await this.db.salesTask.findUnique({ where: { openKey } });
    if (existing) return { task: toTask(existing), created: false };
    try {
      return { task: toTask(await this.db.salesTask.create({ data: { ...task, openKey } })), created: true };
    } catch (error) {
      // Another worker opened it between our read and write.
      if (!isUniqueViolation(error)) throw error;
      return { task: toTask(await this.db.salesTask.findUniqueOrThrow({ where: { openKey } })), created: false };
    }
  }

  async get(id: number): Promise<SalesTask | null> {
    const row = await this.db.salesTask.findUnique({ where: { id } });
    return row ? toTask(row) : null;
  }

  async list(filters: { userId?: string; externalUserId?: string; status?: SalesTaskStatus; limit: number }): Promise<SalesTask[]> {
    const where = { userId: filters.userId, externalUserId: filters.externalUserId, status: filters.status };
    const rows = await this.db.salesTask.findMany({
      where,
      // 'open' sorts after 'done'/'dismissed' alphabetically, so open tasks come first with desc.
      orderBy: [{ status: 'desc' }, { dueAt: 'asc' }, { id: 'desc' }],
      take: filters.limit,
    });
    return rows.map(toTask);
  }

  async close(id: number, status: Exclude<SalesTaskStatus, 'open'>, by: string, at: number): Promise<SalesTask | null> {
    const { count } = await this.db.salesTask.updateMany({ where: { id, status: 'open' }, data: { status, closedAt: at, closedBy: by, openKey: null } });
    return count > 0 ? this.get(id) : null;
  }
}
