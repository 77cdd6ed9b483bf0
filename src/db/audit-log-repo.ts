/**
 * The audit log in SQL: appended by the audit middleware on every successful write, read
 * newest first by the console's filters. The table refuses UPDATE and DELETE by trigger
 * (see the access_roles_audit migration), so this class has no such methods to offer.
 */
import type { AuditFilter, AuditRecord, StoredAuditRecord } from '../domain/access/audit.ts';
import type { AuditTrail } from '../domain/ports.ts';
import { likeContains } from './customer-queries.ts';
import type { SqlClient } from './sql-client.ts';

interface AuditRow extends Record<string, unknown> {
  id: number | string;
  actor: string;
  role: string;
  action: string;
  target: string;
  detail: string;
  at: number | string;
  ip: string;
  userAgent: string;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export class SqlAuditTrail implements AuditTrail {
  constructor(private readonly sql: SqlClient) {}

  async append(r: AuditRecord): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "AuditLog" ("actor", "role", "action", "target", "detail", "at", "ip", "userAgent") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.actor, r.role, r.action, r.target, JSON.stringify(r.detail), r.at, r.ip, r.userAgent],
    );
  }

  async search(filter: AuditFilter): Promise<StoredAuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      where.push(condition);
      params.push(value);
    };
    if (filter.actor !== undefined) add(`"actor" = ?`, filter.actor);
    if (filter.target !== undefined) add(`"target" = ?`, filter.target);
    if (filter.action !== undefined) add(`"action" LIKE ? ESCAPE '\\'`, likeContains(filter.action));
    if (filter.from !== undefined) add(`"at" >= ?`, filter.from);
    if (filter.to !== undefined) add(`"at" <= ?`, filter.to);
    if (filter.beforeId !== undefined) add(`"id" < ?`, filter.beforeId);
    const rows = await this.sql.query<AuditRow>(
      `SELECT "id", "actor", "role", "action", "target", "detail", "at", "ip", "userAgent" FROM "AuditLog"
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" DESC LIMIT ?`,
      [...params, filter.limit],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), at: Number(row.at), detail: parseDetail(row.detail) }));
  }
}
