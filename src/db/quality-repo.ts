/** Quality rules, settings and alerts in plain SQL (one schema for SQLite and PostgreSQL). */
import { userIdIn } from './scope-sql.ts';
import type { QualityAlertStore, QualityRuleRepo, QualitySettingsStore } from '../domain/ports.ts';
import {
  DEFAULT_QUALITY_SETTINGS,
  type AlertKind,
  type Direction,
  type MatchMode,
  type NewQualityAlert,
  type NewQualityRule,
  type NotifyStatus,
  type QualityAlert,
  type QualityRule,
  type QualitySettings,
  type RuleKind,
} from '../domain/quality/quality.ts';
import type { ConversationMessage } from '../domain/quality/reply-threads.ts';
import { booleanColumn, booleanParam, nullableNumber, stringArray } from './column-values.ts';
import type { SqlClient } from './sql-client.ts';

const RULE_COLUMNS = `"id", "name", "kind", "pattern", "matchMode", "directions", "userIds", "enabled"`;

type Row = Record<string, unknown>;

function toRule(row: Row): QualityRule {
  return {
    id: Number(row.id),
    name: String(row.name),
    kind: row.kind as RuleKind,
    pattern: String(row.pattern),
    matchMode: row.matchMode as MatchMode,
    directions: stringArray(String(row.directions)) as Direction[],
    userIds: stringArray(String(row.userIds)),
    enabled: booleanColumn(row.enabled),
  };
}

export class SqlQualityRuleRepo implements QualityRuleRepo {
  constructor(private readonly sql: SqlClient) {}

  async list(): Promise<QualityRule[]> {
    return (await this.sql.query(`SELECT ${RULE_COLUMNS} FROM "QualityRule" ORDER BY "id"`)).map(toRule);
  }

  async get(id: number): Promise<QualityRule | null> {
    const [row] = await this.sql.query(`SELECT ${RULE_COLUMNS} FROM "QualityRule" WHERE "id" = ?`, [id]);
    return row ? toRule(row) : null;
  }

  async create(rule: NewQualityRule): Promise<QualityRule> {
    const now = this.sql.toDbTime(new Date());
    const [row] = await this.sql.query(
      `INSERT INTO "QualityRule" ("name", "kind", "pattern", "matchMode", "directions", "userIds", "enabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${RULE_COLUMNS}`,
      [rule.name, rule.kind, rule.pattern, rule.matchMode, JSON.stringify(rule.directions), JSON.stringify(rule.userIds), booleanParam(this.sql.dialect, rule.enabled), now, now],
    );
    return toRule(row!);
  }

  async update(id: number, changes: Partial<NewQualityRule>): Promise<QualityRule | null> {
    const current = await this.get(id);
    if (!current) return null;
    const next = { ...current, ...changes };
    const [row] = await this.sql.query(
      `UPDATE "QualityRule" SET "name" = ?, "kind" = ?, "pattern" = ?, "matchMode" = ?, "directions" = ?, "userIds" = ?, "enabled" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${RULE_COLUMNS}`,
      [next.name, next.kind, next.pattern, next.matchMode, JSON.stringify(next.directions), JSON.stringify(next.userIds), booleanParam(this.sql.dialect, next.enabled), this.sql.toDbTime(new Date()), id],
    );
    return row ? toRule(row) : null;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM "QualityRule" WHERE "id" = ?`, [id])) > 0;
  }
}

const SETTINGS_KEY = 'settings';
const LEADS_KEY = 'leads';

export class SqlQualitySettingsStore implements QualitySettingsStore {
  constructor(private readonly sql: SqlClient) {}

  private async read<T>(key: string): Promise<T | undefined> {
    const [row] = await this.sql.query(`SELECT "value" FROM "QualitySetting" WHERE "key" = ?`, [key]);
    return row ? (JSON.parse(String(row.value)) as T) : undefined;
  }

  private async write(key: string, value: unknown): Promise<void> {
    await this.sql.execute(
      `INSERT INTO "QualitySetting" ("key", "value", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      [key, JSON.stringify(value), this.sql.toDbTime(new Date())],
    );
  }

  async settings(): Promise<QualitySettings> {
    return (await this.read<QualitySettings>(SETTINGS_KEY)) ?? DEFAULT_QUALITY_SETTINGS;
  }

  saveSettings(settings: QualitySettings): Promise<void> {
    return this.write(SETTINGS_KEY, settings);
  }

  async leads(): Promise<Record<string, string>> {
    return (await this.read<Record<string, string>>(LEADS_KEY)) ?? {};
  }

  saveLeads(leads: Record<string, string>): Promise<void> {
    return this.write(LEADS_KEY, leads);
  }
}

const ALERT_COLUMNS = `"id", "dedupeKey", "kind", "userId", "externalUserId", "messageKey", "ruleId", "detail", "occurredAt", "raisedAt", "leadUserId", "notifyStatus", "notifyAttempts", "notifiedAt"`;

function toAlert(row: Row): QualityAlert {
  const ruleId = nullableNumber(row.ruleId);
  const notifiedAt = nullableNumber(row.notifiedAt);
  return {
    id: Number(row.id),
    dedupeKey: String(row.dedupeKey),
    kind: row.kind as AlertKind,
    userId: String(row.userId),
    ...(row.externalUserId ? { externalUserId: String(row.externalUserId) } : {}),
    ...(row.messageKey ? { messageKey: String(row.messageKey) } : {}),
    ...(ruleId !== null ? { ruleId } : {}),
    detail: String(row.detail),
    occurredAt: Number(row.occurredAt),
    raisedAt: Number(row.raisedAt),
    ...(row.leadUserId ? { leadUserId: String(row.leadUserId) } : {}),
    notifyStatus: row.notifyStatus as NotifyStatus,
    notifyAttempts: Number(row.notifyAttempts),
    ...(notifiedAt !== null ? { notifiedAt } : {}),
  };
}

/** A 1:1 conversation message: a salesperson, a customer, no group. */
const ONE_TO_ONE = `"chatId" IS NULL AND "userId" IS NOT NULL AND "externalUserId" IS NOT NULL`;

export class SqlQualityAlertStore implements QualityAlertStore {
  constructor(private readonly sql: SqlClient) {}

  async add(alert: NewQualityAlert): Promise<QualityAlert | null> {
    // Insert-or-ignore: of racing writers (two workers, a re-import) exactly one gets the row back.
    const [row] = await this.sql.query(
      `INSERT INTO "QualityAlert" ("dedupeKey", "kind", "userId", "externalUserId", "messageKey", "ruleId", "detail", "occurredAt", "raisedAt", "leadUserId")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING RETURNING ${ALERT_COLUMNS}`,
      [alert.dedupeKey, alert.kind, alert.userId, alert.externalUserId ?? null, alert.messageKey ?? null, alert.ruleId ?? null, alert.detail, alert.occurredAt, alert.raisedAt, alert.leadUserId ?? null],
    );
    return row ? toAlert(row) : null;
  }

  async markNotify(id: number, status: NotifyStatus, at: number): Promise<void> {
    const done = status === 'sent' || status === 'no_lead';
    await this.sql.execute(
      `UPDATE "QualityAlert" SET "notifyStatus" = ?, "notifyAttempts" = "notifyAttempts" + ?, "notifiedAt" = ? WHERE "id" = ?`,
      [status, status === 'no_lead' ? 0 : 1, done ? at : null, id],
    );
  }

  async pending(since: number, before: number, limit: number): Promise<QualityAlert[]> {
    const rows = await this.sql.query(
      `SELECT ${ALERT_COLUMNS} FROM "QualityAlert" WHERE "notifyStatus" = 'pending' AND "raisedAt" >= ? AND "raisedAt" < ? ORDER BY "raisedAt", "id" LIMIT ?`,
      [since, before, limit],
    );
    return rows.map(toAlert);
  }

  async list(filters: { userId?: string; servingUserIds?: readonly string[]; kind?: AlertKind; from?: number; to?: number; limit: number }): Promise<QualityAlert[]> {
    const conditions: [string, unknown][] = [];
    if (filters.userId !== undefined) conditions.push([`"userId" = ?`, filters.userId]);
    const scope = filters.servingUserIds === undefined ? undefined : userIdIn(filters.servingUserIds);
    if (filters.kind !== undefined) conditions.push([`"kind" = ?`, filters.kind]);
    if (filters.from !== undefined) conditions.push([`"occurredAt" >= ?`, filters.from]);
    if (filters.to !== undefined) conditions.push([`"occurredAt" < ?`, filters.to]);
    const where = [...conditions.map(([condition]) => condition), ...(scope ? [scope.condition] : [])];
    const params = [...conditions.map(([, value]) => value), ...(scope?.params ?? [])];
    const rows = await this.sql.query(
      `SELECT ${ALERT_COLUMNS} FROM "QualityAlert" ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "occurredAt" DESC, "id" DESC LIMIT ?`,
      [...params, filters.limit],
    );
    return rows.map(toAlert);
  }

  async countsByKind(from: number, to: number): Promise<{ userId: string; kind: AlertKind; count: number }[]> {
    const rows = await this.sql.query(
      `SELECT "userId", "kind", COUNT(*) AS "count" FROM "QualityAlert" WHERE "occurredAt" >= ? AND "occurredAt" < ? GROUP BY "userId", "kind"`,
      [from, to],
    );
    return rows.map((row) => ({ userId: String(row.userId), kind: row.kind as AlertKind, count: Number(row.count) }));
  }

  async unanswered(since: number): Promise<{ userId: string; externalUserId: string; startAt: number }[]> {
    // The customer's messages after the pair's last outbound one; a reply in the same second counts.
    const rows = await this.sql.query(
      `SELECT m."userId", m."externalUserId", MIN(m."sentAt") AS "startAt" FROM "ChatMessage" m
       WHERE m."direction" = 'in' AND m."sentAt" >= ? AND m."chatId" IS NULL AND m."userId" IS NOT NULL AND m."externalUserId" IS NOT NULL
         AND NOT EXISTS (
           SELECT 1 FROM "ChatMessage" o WHERE o."externalUserId" = m."externalUserId" AND o."userId" = m."userId"
             AND o."direction" = 'out' AND o."chatId" IS NULL AND o."sentAt" >= m."sentAt")
       GROUP BY m."userId", m."externalUserId"`,
      [since],
    );
    return rows.map((row) => ({ userId: String(row.userId), externalUserId: String(row.externalUserId), startAt: Number(row.startAt) }));
  }

  async conversation(from: number, to: number): Promise<ConversationMessage[]> {
    const rows = await this.sql.query(
      `SELECT "userId", "externalUserId", "direction", "sentAt" FROM "ChatMessage" WHERE "sentAt" >= ? AND "sentAt" < ? AND ${ONE_TO_ONE}`,
      [from, to],
    );
    return rows.map((row) => ({ userId: String(row.userId), externalUserId: String(row.externalUserId), direction: row.direction === 'out' ? 'out' : 'in', sentAt: Number(row.sentAt) }));
  }
}
